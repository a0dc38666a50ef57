package dev.analysisplatform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real IAM policy evaluator, @cloud-copilot/iam-simulate, run through Node ({@code tools/iam-evaluator}): identity
 * and resource policies together, same-account and cross-account, every condition operator. AGPL-3.0: a test-time tool
 * only, installed from its lock file by the build (another-account-iam-role's pom), never bundled.
 */
public final class IamSimulator {

    private IamSimulator() {
    }

    /** {@code tools/iam-evaluator}, found above the working directory. */
    public static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/iam-evaluator/evaluate.mjs"))) {
                return dir.resolve("tools/iam-evaluator");
            }
        }
        throw new IllegalStateException("tools/iam-evaluator not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Runs simulations: {@code [{id, simulation}]} in iam-simulate's format; answers {@code [{id, result, errors?}]}
     * with result Allowed, ExplicitlyDenied, ImplicitlyDenied or Error.
     */
    public static String run(String simulationsJson) {
        Path dir = directory();
        if (!Files.isDirectory(dir.resolve("node_modules/@cloud-copilot/iam-simulate"))) {
            throw new IllegalStateException("The IAM evaluator is not installed: run `npm ci --prefix " + dir
                    + "` (the build does). It is a test-time tool from npm, @cloud-copilot/iam-simulate.");
        }
        try {
            Path file = Files.createTempFile("iam-simulations-", ".json");
            try {
                Files.writeString(file, simulationsJson);
                Process node = new ProcessBuilder("node", "evaluate.mjs").directory(dir.toFile())
                        .redirectInput(file.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!node.waitFor(120, TimeUnit.SECONDS) || node.exitValue() != 0) {
                    throw new IllegalStateException("the IAM evaluator failed: " + output);
                }
                return output;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating IAM policies", e);
        }
    }
}
