package dev.analysisplatform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The terraform CLI in one synthesized stack directory. Offline: TF_CLI_CONFIG_FILE must name the provider
 * mirror configuration ({@code .ci/terraform.rc}), which the callers set.
 */
public final class Terraform {

    /** Result of one command: exit code and combined output. */
    public record Result(int exitCode, String output) {
    }

    private final Path directory;
    private final Path cliConfig;

    public Terraform(Path directory, Path cliConfig) {
        this.directory = directory;
        this.cliConfig = cliConfig;
    }

    public Path directory() {
        return directory;
    }

    /** Runs a command and fails with its output when it does not exit 0. */
    public String run(String... args) {
        Result result = execute(args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("terraform " + String.join(" ", args) + " failed in " + directory + ":\n"
                    + result.output());
        }
        return result.output();
    }

    public Result execute(String... args) {
        List<String> command = new ArrayList<>();
        command.add("terraform");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("TF_CLI_CONFIG_FILE", cliConfig.toString());
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        builder.environment().put("TF_PLUGIN_CACHE_DIR", "");
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("terraform " + String.join(" ", args) + " timed out in " + directory);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run terraform: is it installed and on PATH?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running terraform", e);
        }
    }
}
