package dev.analysisplatform.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.cdktf.Directories;
import dev.analysisplatform.cdktf.ProjectPaths;
import dev.analysisplatform.testing.MotoServer;
import dev.analysisplatform.testing.MotoServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real {@code terraform apply} of both apps into moto, from one checkout, for an environment with two source
 * accounts, the second's database in another region (its export bucket, key and access logs made there by a provider of
 * that region, in the analytics account; its snapshot rules there too, in its own account): each account's state bucket bootstrapped by its own {@code -state} stack (local state kept per stack, and
 * kept across a new synth), then the analytics stack before both source stacks (no deploy-order trap; the README's
 * order is DeployGuideIntegrationTest's), a clean re-plan of every stack, and destroy (with a query result left in
 * the Athena results bucket, as there always is).
 */
class CrossAccountDeployIntegrationTest {

    /** environments/local.json's region. */
    private static final String REGION = "us-east-1";
    private static final String OTHER_REGION = "us-west-2";

    /** The SDK defaults (endpoint, region, credentials) serve the one client the test builds itself. */
    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension().asSdkDefault(REGION);

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CLI_CONFIG = Terraform.cliConfig(ROOT);
    private static final String SOURCE_A = "222222222222";
    private static final String SOURCE_B = "333333333333";

    private static Path outdir;
    private static EnvironmentDefinition environment;
    private static LocalDeployment deployment;
    private static Emulator emulator;

    @BeforeAll
    static void synthesizeAndBootstrap() throws IOException {
        outdir = Files.createTempDirectory("analysis-platform-deploy-it");
        environment = twoSourceAccounts(outdir);
        emulator = new Emulator(MOTO.endpoint(), MotoServer.ANALYTICS_ACCOUNT, environment.region());
        synthesize();
        // The one-command bootstrap, in each account; the accounts do not wait for each other.
        Stream.of(deployment.analytics(), deployment.source(SOURCE_A), deployment.source(SOURCE_B)).parallel()
                .forEach(stack -> apply(LocalDeployment.bootstrap(stack)));
    }

    /** environments/local.json with a second source account (an RDS instance in 333333333333, in us-west-2). */
    private static EnvironmentDefinition twoSourceAccounts(Path dir) throws IOException {
        ObjectNode file = (ObjectNode) new ObjectMapper().readTree(ROOT.resolve("environments/local.json").toFile());
        ((ArrayNode) file.path("sources")).addObject().put("name", "shop_archive").put("accountId", SOURCE_B)
                .put("dbInstanceIdentifier", "shop-archive").put("region", OTHER_REGION).putArray("snapshotTypes").add("manual");
        Path environments = Files.createDirectories(dir.resolve("environments"));
        Files.writeString(environments.resolve("local-two.json"), file.toString());
        return new EnvironmentLoader(environments).load("local-two");
    }

    private static void synthesize() {
        deployment = LocalDeployment.synthesize(environment, ProjectPaths.artifactsIn(ROOT), outdir.resolve("cdktf.out"));
        for (String account : new String[] {MotoServer.ANALYTICS_ACCOUNT, SOURCE_A, SOURCE_B}) {
            boolean analytics = account.equals(MotoServer.ANALYTICS_ACCOUNT);
            String stack = analytics ? deployment.analytics() : deployment.source(account);
            String deployer = analytics ? null : emulator.deployerRoleArn(account);
            EmulatorOverrides.write(deployment.stack(stack), emulator, deployer);
            EmulatorOverrides.write(deployment.stack(LocalDeployment.bootstrap(stack)), emulator, deployer);
        }
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

    /**
     * The other order than the README's guide (sources, then analytics), which DeployGuideIntegrationTest follows
     * literally; "Steps 3 and 4 work in either order", so both orders are applied for real.
     */
    @Test
    void analyticsFirstThenSources_applyReplanCleanAndDestroySourcesFirst() throws IOException {
        apply(deployment.analytics());
        apply(deployment.source(SOURCE_B));
        apply(deployment.source(SOURCE_A));

        assertDeployed();
        leaveAQueryResult();
        destroy(deployment.source(SOURCE_A), deployment.source(SOURCE_B), deployment.analytics());
    }

    @Test
    void aNewSynth_keepsEveryAccountsBootstrapState() {
        synthesize();

        assertThat(outdir.resolve("bootstrap-state")).isDirectoryContaining("glob:**/local-two-state.tfstate")
                .isDirectoryContaining("glob:**/local-two-" + SOURCE_A + "-state.tfstate")
                .isDirectoryContaining("glob:**/local-two-" + SOURCE_B + "-state.tfstate");
        for (String stack : new String[] {deployment.analytics(), deployment.source(SOURCE_A), deployment.source(SOURCE_B)}) {
            terraform(LocalDeployment.bootstrap(stack)).run("init", "-input=false", "-reconfigure");
            assertPlansClean(LocalDeployment.bootstrap(stack));
        }
    }

    private static void assertDeployed() throws IOException {
        JsonNode analytics = outputs(deployment.analytics());
        assertThat(analytics.path("state_machine_arn").path("value").asText())
                .startsWith("arn:aws:states:us-east-1:" + MotoServer.ANALYTICS_ACCOUNT + ":stateMachine:");
        assertThat(analytics.path("export_bucket").path("value").asText()).isEqualTo("analysis-platform-local-exports");
        try (S3Client s3 = S3Client.builder().forcePathStyle(true).build()) {
            String regional = environment.names().exportBucketName(OTHER_REGION);
            assertThat(s3.getBucketLocation(b -> b.bucket(regional)).locationConstraintAsString()).isEqualTo(OTHER_REGION);
            assertThat(s3.getBucketEncryption(b -> b.bucket(regional)).serverSideEncryptionConfiguration().rules().get(0)
                    .applyServerSideEncryptionByDefault().kmsMasterKeyID()).contains(":kms:" + OTHER_REGION + ":");
            assertThat(s3.getBucketLocation(b -> b.bucket(environment.names().accessLogBucketName(OTHER_REGION)))
                    .locationConstraintAsString()).isEqualTo(OTHER_REGION);
        }
        for (String account : new String[] {SOURCE_A, SOURCE_B}) {
            assertThat(outputs(deployment.source(account)).path("snapshot_reader_role_arn").path("value").asText())
                    .isEqualTo("arn:aws:iam::" + account + ":role/analysis-platform-local-snapshot-reader");
            assertPlansClean(deployment.source(account));
        }
        assertPlansClean(deployment.analytics());
    }

    /** Every Athena query writes its result to the workgroup's bucket, so destroy meets a bucket that is not empty. */
    private static void leaveAQueryResult() {
        try (S3Client s3 = S3Client.builder().forcePathStyle(true).build()) {
            s3.putObject(b -> b.bucket(environment.names().athenaResultsBucketName()).key("results/a-query.csv"),
                    RequestBody.fromString("order_id\n1\n"));
        }
    }

    private static void destroy(String... stacks) {
        for (String stack : stacks) {
            terraform(stack).run("destroy", "-input=false", "-auto-approve");
            assertThat(terraform(stack).run("state", "list").strip()).as("state of %s after destroy", stack)
                    .doesNotContain("aws_");
        }
    }
}
