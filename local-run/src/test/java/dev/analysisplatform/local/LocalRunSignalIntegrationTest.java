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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run-local} stopped by SIGTERM (what Ctrl-C's SIGINT and a CI timeout send alike) while Terraform applies:
 * every process it started, down to Terraform's provider plugins, is gone, and it says what it stopped. The run is
 * a real child JVM, as {@code ./run-local} execs it.
 */
class LocalRunSignalIntegrationTest {

    @TempDir
    Path logs;

    @Test
    void sigtermMidApply_stopsEveryProcessItStarted_andNamesThem() throws Exception {
        Path output = logs.resolve("run-local.log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process run = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, LocalRun.class.getName()))
                .directory(Path.of("..").toAbsolutePath().normalize().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
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
