package dev.analysisplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.infra.common.Directories;
import dev.analysisplatform.infra.common.ProjectPaths;
import dev.analysisplatform.testing.MotoServer;
import dev.analysisplatform.testing.MotoServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real {@code terraform apply} of both stacks into moto, two accounts: state buckets bootstrapped by the
 * {@code -state} stacks, then the platform in either order (no deploy-order trap), a clean re-plan, and destroy.
 */
class CrossAccountDeployIntegrationTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CLI_CONFIG = ROOT.resolve(".ci/terraform.rc");
    private static final String SOURCE_ACCOUNT = "222222222222";

    private static Path outdir;
    private static LocalDeployment deployment;
    private static Emulator emulator;

    @BeforeAll
    static void synthesizeAndBootstrap() throws IOException {
        EnvironmentDefinition environment = new EnvironmentLoader(ROOT.resolve("environments")).load("local");
        emulator = new Emulator(MOTO.endpoint(), MotoServer.ANALYTICS_ACCOUNT, environment.region());
        outdir = Files.createTempDirectory("analysis-platform-deploy-it");
        deployment = LocalDeployment.synthesize(environment, SOURCE_ACCOUNT,
                ProjectPaths.artifactsIn(ROOT), outdir);
        for (String stack : new String[] {LocalDeployment.ANALYTICS_STATE, LocalDeployment.ANALYTICS,
                LocalDeployment.SOURCE_STATE, LocalDeployment.SOURCE}) {
            boolean source = stack.startsWith("source");
            EmulatorOverrides.write(deployment.stack(stack), emulator, source ? emulator.deployerRoleArn(SOURCE_ACCOUNT) : null);
        }
        // The one-command bootstrap, in each account.
        apply(LocalDeployment.ANALYTICS_STATE);
        apply(LocalDeployment.SOURCE_STATE);
    }

    @AfterAll
    static void cleanUp() {
        Directories.deleteTree(outdir);
    }

    private static Terraform terraform(String stack) {
        return new Terraform(deployment.stack(stack), CLI_CONFIG);
    }

    private static void apply(String stack) {
        Terraform terraform = terraform(stack);
        terraform.run("init", "-input=false", "-reconfigure");
        terraform.run("apply", "-input=false", "-auto-approve");
    }

    private static void assertPlansClean(String stack) {
        Terraform.Result plan = terraform(stack).execute("plan", "-input=false", "-detailed-exitcode");
        assertThat(plan.exitCode()).as("re-plan of %s must show no changes:%n%s", stack, plan.output()).isZero();
    }

    private static JsonNode outputs(String stack) throws IOException {
        return new ObjectMapper().readTree(terraform(stack).run("output", "-json"));
    }

    @Test
    void sourceFirstThenAnalytics_applyReplanCleanAndDestroy() throws IOException {
        apply(LocalDeployment.SOURCE);
        apply(LocalDeployment.ANALYTICS);

        assertDeployed();
        destroy(LocalDeployment.ANALYTICS, LocalDeployment.SOURCE);
    }

    @Test
    void analyticsFirstThenSource_applyReplanCleanAndDestroy() throws IOException {
        apply(LocalDeployment.ANALYTICS);
        apply(LocalDeployment.SOURCE);

        assertDeployed();
        destroy(LocalDeployment.SOURCE, LocalDeployment.ANALYTICS);
    }

    private static void assertDeployed() throws IOException {
        JsonNode analytics = outputs(LocalDeployment.ANALYTICS);
        assertThat(analytics.path("state_machine_arn").path("value").asText())
                .startsWith("arn:aws:states:us-east-1:" + MotoServer.ANALYTICS_ACCOUNT + ":stateMachine:");
        assertThat(analytics.path("export_bucket").path("value").asText()).isEqualTo("analysis-platform-local-exports");
        JsonNode source = outputs(LocalDeployment.SOURCE);
        assertThat(source.path("snapshot_reader_role_arn").path("value").asText())
                .isEqualTo("arn:aws:iam::" + SOURCE_ACCOUNT + ":role/analysis-platform-local-snapshot-reader");
        assertPlansClean(LocalDeployment.ANALYTICS);
        assertPlansClean(LocalDeployment.SOURCE);
    }

    private static void destroy(String... stacks) {
        for (String stack : stacks) {
            terraform(stack).run("destroy", "-input=false", "-auto-approve");
            assertThat(terraform(stack).run("state", "list").strip()).as("state of %s after destroy", stack)
                    .doesNotContain("aws_");
        }
    }
}
