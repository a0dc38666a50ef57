package dev.analysisplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.cdktf.Directories;
import dev.analysisplatform.testing.MotoServerExtension;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The README's deploy guide, followed literally against the emulator: every {@code npx cdktf deploy} line of
 * "Deploying to real accounts" is taken from the README and run as written (plus {@code --auto-approve}) from the
 * root of a fresh copy of the repository, after {@code npm ci}, with the credentials of the account it names and
 * nothing else pointing at the emulator but {@code AWS_ENDPOINT_URL}. The environment is the README's example,
 * {@code environments/dev.json}: analytics account 111111111111, sources in 222222222222 and 333333333333.
 *
 * <p>One adaptation to this offline machine: cdktf runs {@code terraform providers lock} on a stack's first deploy,
 * which asks only the public registry; a {@code terraform} on PATH adds {@code -fs-mirror} to that one command.
 */
class DeployGuideIntegrationTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern DEPLOY = Pattern.compile("npx cdktf deploy (dev(?:-(\\d{12}))?(?:-state)?)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path work;
    private static Path checkout;
    private static EnvironmentDefinition environment;
    private static final List<String> commands = new ArrayList<>();
    private static final Map<String, String> outputs = new HashMap<>();

    @BeforeAll
    static void followTheGuide() throws Exception {
        environment = new EnvironmentLoader(ROOT.resolve("environments")).load("dev");
        commands.addAll(guideCommands(Files.readString(ROOT.resolve("README.md"))));
        work = Files.createTempDirectory("analysis-platform-deploy-guide");
        checkout = work.resolve("repo");
        copyTrackedFiles(checkout);
        Path shim = offlineTerraform(work.resolve("bin"));
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), work.resolve("npm-ci.log"));
        for (String command : commands) {
            Matcher deploy = DEPLOY.matcher(command);
            assertThat(deploy.find()).isTrue();
            String stack = deploy.group(1);
            String account = deploy.group(2) != null ? deploy.group(2) : environment.analyticsAccountId();
            Map<String, String> env = new HashMap<>(credentialsFor(account));
            env.put("PATH", shim + File.pathSeparator + System.getenv("PATH"));
            if (!stack.endsWith("-state")) {
                // Every AWS request of the deploy, for the deploy role check (the bootstrap is a workstation step).
                env.put("TF_LOG", "DEBUG");
                env.put("TF_LOG_PATH", work.resolve(stack + ".terraform-debug.log").toString());
            }
            Path log = work.resolve(stack + ".log");
            run(List.of("bash", "-c", command + " --auto-approve"), env, log);
            outputs.put(stack, Files.readString(log));
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (work != null) {
            // Terraform's debug logs outlive the run, for a failed deploy role check.
            Path kept = Files.createDirectories(Path.of("target", "deploy-guide-logs"));
            try (var logs = Files.newDirectoryStream(work, "*.terraform-debug.log")) {
                for (Path log : logs) {
                    Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (String account : accounts()) {
                Files.writeString(kept.resolve(account + ".tfstate.json"), stateOf(account).toString());
            }
            Directories.deleteTree(work);
        }
    }

    /** The deploy commands of the README's guide, in order, without their comments. */
    static List<String> guideCommands(String readme) {
        String guide = readme.substring(readme.indexOf("## Deploying to real accounts"));
        guide = guide.substring(0, guide.indexOf("\n## ", 1));
        List<String> found = new ArrayList<>();
        for (String line : guide.lines().toList()) {
            String command = line.replaceFirst("#.*$", "").strip();
            if (DEPLOY.matcher(command).find()) {
                found.add(command);
            }
        }
        return found;
    }

    @Test
    void theGuideDeploysEveryStackOfTheExampleEnvironment() {
        List<String> sourceAccounts = environment.sources().stream().map(s -> s.accountId()).distinct().toList();
        List<String> expected = new ArrayList<>(List.of("dev-state", "dev"));
        sourceAccounts.forEach(a -> expected.addAll(List.of("dev-" + a + "-state", "dev-" + a)));
        assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(commands.get(0)).as("bootstrap first").endsWith("dev-state");
        outputs.forEach((stack, output) -> assertThat(output).as(stack).contains("Apply complete!"));
    }

    @Test
    void everyAccountHoldsItsStateInItsOwnBucketAndTheBootstrapStateStaysLocal() throws IOException {
        for (String account : accounts()) {
            try (S3Client s3 = S3Client.builder().region(Region.of(environment.region()))
                    .endpointOverride(URI.create(MOTO.endpoint())).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(session(account))).build()) {
                String bucket = environment.namePrefix() + "-tfstate-" + account;
                List<String> keys = s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
                assertThat(keys).as(bucket).singleElement().asString().endsWith(".tfstate");
                JsonNode state = stateOf(account);
                List<String> types = state.path("resources").findValuesAsText("type");
                assertThat(types).as("resources in " + account + "'s state")
                        .contains(account.equals(environment.analyticsAccountId()) ? "aws_sfn_state_machine" : "aws_iam_role");
            }
            String bootstrap = account.equals(environment.analyticsAccountId()) ? "dev-state" : "dev-" + account + "-state";
            assertThat(checkout.resolve("bootstrap-state").resolve(bootstrap + ".tfstate")).isRegularFile();
        }
    }

    /**
     * The README's GitHub section has users paste {@code docs/github/deploy-role-policy-*.json}: every AWS request these
     * deploys made (read from Terraform's debug log) is evaluated as the deploy role making it, on the resource it
     * served, and must be allowed. Dropping one statement must make some denied (the check is not vacuous).
     */
    @Test
    void everyRequestOfTheDeploysIsAllowedByTheDeployRolePolicyTheReadmeGives() throws Exception {
        String sourceTemplate = environment.sourceAccountIds().get(0); // the account the source file is written for
        for (String account : accounts()) {
            boolean analytics = account.equals(environment.analyticsAccountId());
            String stack = analytics ? "dev" : "dev-" + account;
            String file = analytics ? "deploy-role-policy-analytics.json" : "deploy-role-policy-source.json";
            JsonNode policy = JSON.readTree(Files.readString(ROOT.resolve("docs/github").resolve(file))
                    .replace(analytics ? account : sourceTemplate, account));
            Set<TerraformCalls.Call> calls = TerraformCalls.in(Files.readString(work.resolve(stack + ".terraform-debug.log")));
            DeployRoleCheck check = new DeployRoleCheck(policy, stateOf(account), account);
            String stateBucket = environment.namePrefix() + "-tfstate-" + account;

            assertThat(DeployRoleCheck.count(calls)).as(stack + ": requests recorded").isGreaterThan(analytics ? 50 : 5);
            assertThat(check.denied(calls, stateBucket)).as(stack + ": requests the deploy role policy " + file
                    + " does not allow").isEmpty();

            ObjectNode weaker = policy.deepCopy();
            ArrayNode statements = (ArrayNode) weaker.path("Statement");
            statements.remove(statements.size() - 1);
            assertThat(new DeployRoleCheck(weaker, stateOf(account), account).denied(calls, stateBucket))
                    .as(stack + " without its policy's last statement").isNotEmpty();
        }
    }

    private static JsonNode stateOf(String account) throws IOException {
        try (S3Client s3 = S3Client.builder().region(Region.of(environment.region()))
                .endpointOverride(URI.create(MOTO.endpoint())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(session(account))).build()) {
            String bucket = environment.namePrefix() + "-tfstate-" + account;
            String key = s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(o -> o.key())
                    .filter(k -> k.endsWith(".tfstate")).findFirst().orElseThrow();
            return JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        }
    }

    /** Before, the source app's synth also ran the analytics app (Maven's -am reactor) and wrote its stacks too. */
    @Test
    void theSourceAppSynthesizedOnlySourceStacks() throws IOException {
        try (var stacks = Files.list(checkout.resolve("another-account-iam-role/cdktf.out/stacks"))) {
            assertThat(stacks.map(p -> p.getFileName().toString()).toList()).isNotEmpty()
                    .allSatisfy(name -> assertThat(name).as("a source stack, <env>-<account>[-state]")
                            .matches(".+-\\d{12}(-state)?"));
        }
    }

    @Test
    void theAnalyticsAccountIsReadyToQuery() {
        try (GlueClient glue = GlueClient.builder().region(Region.of(environment.region()))
                .endpointOverride(URI.create(MOTO.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(session(environment.analyticsAccountId()))).build()) {
            assertThat(glue.getDatabase(b -> b.name(environment.namePrefix().replace('-', '_'))).database().name())
                    .isEqualTo("analysis_platform_dev");
        }
        assertThat(outputs.get("dev")).contains("analyst_policy_arn").contains("arn:aws:iam::111111111111:policy/");
    }

    private static List<String> accounts() {
        List<String> accounts = new ArrayList<>(List.of(environment.analyticsAccountId()));
        environment.sources().stream().map(s -> s.accountId()).distinct().forEach(accounts::add);
        return accounts;
    }

    /** "Credentials for each account in your shell": a session in that account, and the emulator's endpoint. */
    private static Map<String, String> credentialsFor(String account) {
        AwsSessionCredentials session = session(account);
        return Map.of("AWS_ACCESS_KEY_ID", session.accessKeyId(), "AWS_SECRET_ACCESS_KEY", session.secretAccessKey(),
                "AWS_SESSION_TOKEN", session.sessionToken(), "AWS_REGION", environment.region(),
                "AWS_ENDPOINT_URL", MOTO.endpoint(), "CI", "1", "CHECKPOINT_DISABLE", "1",
                "TF_CLI_CONFIG_FILE", dev.analysisplatform.local.deploy.Terraform.cliConfig(ROOT).toString());
    }

    /** moto acts in the account of the role a session was assumed into. */
    private static AwsSessionCredentials session(String account) {
        try (StsClient sts = StsClient.builder().region(Region.of(environment.region()))
                .endpointOverride(URI.create(MOTO.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/deployer")
                    .roleSessionName("deploy-guide")).credentials();
            return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        }
    }

    /** A fresh checkout: the files git tracks, nothing built, no node_modules, no state. */
    private static void copyTrackedFiles(Path destination) throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "ls-files", "-z").directory(ROOT.toFile()).start();
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git ls-files in " + ROOT).isZero();
        for (String file : listing.split("\0")) {
            if (file.isEmpty() || !Files.isRegularFile(ROOT.resolve(file))) {
                continue;
            }
            Path target = destination.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(ROOT.resolve(file), target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static Path offlineTerraform(Path bin) throws IOException {
        String real = null;
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "terraform"))) {
                real = Path.of(dir, "terraform").toString();
                break;
            }
        }
        assertThat(real).as("terraform on PATH").isNotNull();
        Files.createDirectories(bin);
        Path shim = bin.resolve("terraform");
        Files.writeString(shim, """
                #!/usr/bin/env bash
                # Offline: `terraform providers lock` asks only the registry unless it is given the mirror.
                if [ "${1:-}" = providers ] && [ "${2:-}" = lock ]; then exec %s "$@" -fs-mirror=/opt/tf-plugins; fi
                exec %s "$@"
                """.formatted(real, real));
        assertThat(shim.toFile().setExecutable(true)).isTrue();
        return bin;
    }

    private static void run(List<String> command, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean done = process.waitFor(15, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(done && process.exitValue() == 0).as("%s failed; its output ends with:%n%s", command,
                output.substring(Math.max(0, output.length() - 4000))).isTrue();
    }
}
