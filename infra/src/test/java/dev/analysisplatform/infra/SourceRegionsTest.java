package dev.analysisplatform.infra;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analysisplatform.cdktf.EnvironmentFiles;
import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.InvalidEnvironmentException;
import dev.analysisplatform.environment.SourceDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RDS exports a snapshot only to a bucket in the snapshot's region, and the stacks create the export bucket and key in
 * the analytics region only: a source elsewhere would deploy and then fail every night, so both apps refuse it at
 * synth, naming the source and what to do.
 */
class SourceRegionsTest {

    private static EnvironmentDefinition withSourceIn(String region) {
        return TestEnvironments.with(List.of(), new SourceDefinition("orders", TestEnvironments.SOURCE_A, "orders-aurora",
                null, List.of("automated"), List.of(), null, Defaults.MAX_SNAPSHOT_AGE_HOURS, region));
    }

    @Test
    void aSourceInTheAnalyticsRegion_isAccepted() {
        String analytics = TestEnvironments.standard().region();
        assertThatCode(() -> EnvironmentFiles.sourcesInAnalyticsRegion(withSourceIn(analytics))).doesNotThrowAnyException();
        assertThatCode(() -> EnvironmentFiles.sourcesInAnalyticsRegion(withSourceIn(null))).doesNotThrowAnyException();
    }

    @Test
    void aSourceInAnotherRegion_isRefusedNamingItAndWhy() {
        String elsewhere = TestEnvironments.standard().region().equals("us-east-1") ? "eu-west-1" : "us-east-1";
        assertThatThrownBy(() -> EnvironmentFiles.sourcesInAnalyticsRegion(withSourceIn(elsewhere)))
                .isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("sources[0].region: '" + elsewhere + "'")
                .hasMessageContaining("only to a bucket in the snapshot's own region");
    }
}
