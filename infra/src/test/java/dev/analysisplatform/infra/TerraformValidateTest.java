package dev.analysisplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.hashicorp.cdktf.Testing;
import dev.analysisplatform.cdktf.StateBucketStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code terraform init} (offline, against the provider mirror named by TF_CLI_CONFIG_FILE) and
 * {@code terraform validate} on the synthesized stacks, through CDKTF's own Testing API.
 */
class TerraformValidateTest {

    @AfterAll
    static void cleanUp() {
        CdktfTempDirs.deleteCreatedByThisJvm();
    }

    @Test
    void analyticsStack_isValidTerraform() {
        String dir = Testing.fullSynth(new AnalyticsStack(Testing.app(), "test", TestEnvironments.standard(),
                TestEnvironments.artifacts()));

        assertThat(Testing.toBeValidTerraform(dir)).isTrue();
    }

    @Test
    void stateBucketStack_isValidTerraform() {
        String dir = Testing.fullSynth(new StateBucketStack(Testing.app(), "test-state", TestEnvironments.standard(),
                TestEnvironments.ANALYTICS, java.nio.file.Path.of("bootstrap-state")));

        assertThat(Testing.toBeValidTerraform(dir)).isTrue();
    }
}
