package dev.analysisplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run-local} as a real child JVM, as the script execs it: stopped by SIGTERM (what Ctrl-C's SIGINT and a CI
 * timeout send alike) while Terraform applies, every process it started, down to Terraform's provider plugins, is
 * gone and named; with {@code --serve} the emulator stays up, queryable, until the signal.
 */
class LocalRunProcessIntegrationTest {

    @TempDir
    Path logs;

    @Test
    void sigtermMidApply_stopsEveryProcessItStarted_andNamesThem() throws Exception {
        Path output = logs.resolve("run-local.log");
        Process run = start(output);
        try {
            List<ProcessHandle> started = waitForProvider(run, output);
            assertThat(started).as("processes while terraform applies").hasSizeGreaterThanOrEqualTo(3);

            run.destroy();

            assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("run-local exits after SIGTERM").isTrue();
            Instant deadline = Instant.now().plusSeconds(10);
            while (started.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(started.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().command()
                    .orElse("?")).toList()).as("left running").isEmpty();
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(printed).contains("run-local: stopped ").contains("terraform (pid ")
                    .contains("terraform-provider-aws");
        } finally {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    /** Before: the run stopped everything at its end, so nothing could be queried afterwards. */
    @Test
    void serve_keepsTheEmulatorQueryableUntilSigterm() throws Exception {
        Path output = logs.resolve("run-local-serve.log");
        Process run = start(output, "--serve");
        try {
            String printed = waitFor(run, output, "Serving the emulator until Ctrl-C", Duration.ofMinutes(10));
            Matcher endpoint = Pattern.compile("AWS_ENDPOINT_URL=(\\S+) AWS_REGION=(\\S+)").matcher(printed);
            assertThat(endpoint.find()).as(printed).isTrue();
            Matcher tables = Pattern.compile("--database-name (\\S+)").matcher(printed);
            assertThat(tables.find()).as(printed).isTrue();
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
            try (GlueClient glue = GlueClient.builder().endpointOverride(URI.create(endpoint.group(1)))
                    .region(Region.of(endpoint.group(2))).credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                assertThat(glue.getTables(b -> b.databaseName(tables.group(1))).tableList())
                        .as("the registered tables, queried after the run").isNotEmpty();
            }
            assertThat(run.isAlive()).as("still serving").isTrue();

            run.destroy();

            assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("run-local exits on SIGTERM").isTrue();
        } finally {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    private static Process start(Path output, String... options) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                LocalRun.class.getName()));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).directory(Path.of("..").toAbsolutePath().normalize().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** What the run printed once {@code line} appears in it; fails when the run ends first or time runs out. */
    private static String waitFor(Process run, Path output, String line, Duration within)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            if (printed.contains(line)) {
                return printed;
            }
            assertThat(run.isAlive()).as("run-local still running; it printed:%n%s", printed).isTrue();
            Thread.sleep(500);
        }
        throw new AssertionError("'" + line + "' not printed within " + within + "; run-local printed:\n"
                + Files.readString(output, StandardCharsets.UTF_8));
    }

    /** The run's descendants once a Terraform provider plugin runs among them (at most 5 minutes). */
    private static List<ProcessHandle> waitForProvider(Process run, Path output) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            assertThat(run.isAlive()).as("run-local still running; it printed:%n%s",
                    Files.readString(output, StandardCharsets.UTF_8)).isTrue();
            List<ProcessHandle> descendants = run.descendants().toList();
            if (descendants.stream().anyMatch(p -> p.info().command().orElse("").contains("terraform-provider-aws"))) {
                return descendants;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no terraform provider started within 5 minutes; run-local printed:\n"
                + Files.readString(output, StandardCharsets.UTF_8));
    }
}
