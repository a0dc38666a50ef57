package dev.analysisplatform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the real terraform binary for tests, offline (TF_CLI_CONFIG_FILE points at the provider mirror). */
public final class TerraformCli {

    private TerraformCli() {
    }

    public static String run(Path dir, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add("terraform");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("terraform " + String.join(" ", args) + " timed out in " + dir);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("terraform " + String.join(" ", args) + " failed in " + dir + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run terraform (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** CDKTF's Testing API leaves /tmp/cdktf.outdir.* behind; remove the ones this JVM made. */
    public static void deleteCdktfTempDirs() {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(p -> p.getFileName().toString().startsWith("cdktf.outdir."))
                    .filter(p -> modifiedAfter(p, started))
                    .forEach(TerraformCli::deleteTree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean modifiedAfter(Path path, Instant instant) {
        try {
            return Files.getLastModifiedTime(path).toInstant().isAfter(instant);
        } catch (IOException e) {
            return false;
        }
    }
}
