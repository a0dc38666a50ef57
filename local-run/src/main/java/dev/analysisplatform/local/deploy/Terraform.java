package dev.analysisplatform.local.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The terraform CLI in one synthesized stack directory, with the CLI configuration {@link #cliConfig} picks.
 */
public final class Terraform implements AutoCloseable {

    /** Result of one command: exit code and combined output. */
    public record Result(int exitCode, String output) {
    }

    private final Path directory;
    private final Path cliConfig;
    /** The command running now, so that {@link #close()} (e.g. on Ctrl-C) can stop it. */
    private volatile Process running;

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

    private static final java.util.Set<String> COLOURED = java.util.Set.of("init", "plan", "apply", "destroy");

    /** Where machines without registry access keep hashicorp/aws ({@code .ci/terraform.rc} reads it). */
    public static final Path PROVIDER_MIRROR = Path.of("/opt/tf-plugins/registry.terraform.io/hashicorp/aws");

    /**
     * The CLI configuration to run terraform with: TF_CLI_CONFIG_FILE when it names a file (the build sets it from
     * {@code -Dtf.cli.config}), else the offline mirror's where the mirror exists, else the registry's.
     */
    public static Path cliConfig(Path root) {
        String configured = System.getenv("TF_CLI_CONFIG_FILE");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        return root.resolve(Files.isDirectory(PROVIDER_MIRROR) ? ".ci/terraform.rc" : ".ci/terraform-registry.rc");
    }

    public Result execute(String... args) {
        List<String> command = new ArrayList<>();
        command.add("terraform");
        command.addAll(List.of(args));
        if (COLOURED.contains(args[0])) {
            // Plain text: the output goes to logs kept with --keep and into error messages, where colour codes are noise.
            command.add(2, "-no-color");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("TF_CLI_CONFIG_FILE", cliConfig.toString());
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        builder.environment().put("TF_PLUGIN_CACHE_DIR", "");
        try {
            Process process = builder.start();
            running = process;
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("terraform " + String.join(" ", args) + " timed out in " + directory);
            }
            running = null;
            // Kept beside the stack (e.g. with --keep): "Creation complete after 55s" lines tell where an apply's time went.
            Files.writeString(directory.resolve("terraform-" + args[0] + ".log"), output);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run terraform: is it installed and on PATH?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running terraform", e);
        }
    }

    /** Stops a running command and its provider plugins; terraform itself handles the interrupt gracefully. */
    @Override
    public void close() {
        Process process = running;
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
