package dev.analysisplatform.infra;

import static dev.analysisplatform.infra.TestEnvironments.ANALYTICS;
import static dev.analysisplatform.infra.TestEnvironments.SOURCE_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hashicorp.cdktf.Testing;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.cdktf.ProjectPaths;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Options of the environment file that change what the analytics stack contains. */
class AnalyticsStackOptionsTest {

    private static SynthesizedStack synth(EnvironmentDefinition environment) {
        return SynthesizedStack.of(new AnalyticsStack(Testing.app(), "test", environment, TestEnvironments.artifacts()));
    }

    @Test
    void noEmails_oneSourceAccount_noSubscriptionsAndOneSourceStatementSet() {
        SynthesizedStack stack = synth(TestEnvironments.with(List.of(),
                TestEnvironments.cluster("orders", SOURCE_A, "orders-aurora", null),
                TestEnvironments.instance("billing", SOURCE_A, "billing-postgres", null)));

        assertThat(stack.resources("aws_sns_topic_subscription")).isEmpty();
        assertThat(stack.policyStatements()).filteredOn(s -> s.path("sid").asText().startsWith("SourceRolesExport")).hasSize(2);
        assertThat(SynthesizedStack.texts(stack.statement("SourceAccountsWriteOwnFolder").path("principals").get(0)
                .path("identifiers"))).containsExactly("arn:aws:iam::222222222222:root");
    }

    @Test
    void stateBucketStack_localStateProtectedEncryptedBucket() {
        SynthesizedStack stack = SynthesizedStack.of(new dev.analysisplatform.cdktf.StateBucketStack(Testing.app(),
                "test-state", TestEnvironments.standard(), ANALYTICS, java.nio.file.Path.of("/work/bootstrap-state")));

        assertThat(stack.onlyResource("aws_s3_bucket").path("bucket").asText()).isEqualTo("ap-test-tfstate-111111111111");
        assertThat(stack.onlyResource("aws_s3_bucket").path("lifecycle").path("prevent_destroy").asBoolean()).isTrue();
        assertThat(stack.root.path("terraform").path("backend").path("local").path("path").asText())
                .as("outside cdktf.out, one file per bootstrap stack").isEqualTo("/work/bootstrap-state/test-state.tfstate");
        assertThat(stack.resources("aws_s3_bucket_versioning")).hasSize(1);
        assertThat(stack.statement("DenyInsecureTransport").path("effect").asText()).isEqualTo("Deny");
    }

    @Test
    void missingArtifact_failsSynthWithBuildInstruction() {
        assertThatThrownBy(() -> ProjectPaths.artifactsIn(Path.of("/nonexistent")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lambda/target/snapshot-exporter.jar is missing")
                .hasMessageContaining("mvn");
    }
}
