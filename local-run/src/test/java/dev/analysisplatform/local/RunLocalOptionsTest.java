package dev.analysisplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ./run-local}'s options are read before anything is built: help is help, and a typo is refused. */
class RunLocalOptionsTest {

    private static Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", Path.of("..", "run-local").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("run-local %s returns at once", List.of(args)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exit, String output) {
    }

    @Test
    void help_printsUsageAndBuildsNothing() throws Exception {
        for (String flag : List.of("--help", "-h")) {
            Result result = run(flag);
            assertThat(result.exit()).isZero();
            assertThat(result.output()).startsWith("Usage: ./run-local [--keep] [--verbose] [--serve]")
                    .contains("--keep").contains("--verbose").contains("--serve");
        }
    }

    @Test
    void unknownOption_isRefusedWithUsage() throws Exception {
        Result result = run("--keep", "--verbos");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains("unknown option '--verbos'").contains("Usage:");
    }
}
