package dev.analysisplatform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The repository's own test-time tools ({@code tools/}), found from any module and run with JSON on stdin. */
public final class ProjectTools {

    private ProjectTools() {
    }

    /** {@code relative} (a file path from the repository root), found above the working directory. */
    public static Path find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Runs {@code command} in {@code directory} with {@code input} on stdin; its stdout, or a failure naming {@code what}. */
    public static String run(List<String> command, Path directory, String input, String what) {
        try {
            Path file = Files.createTempFile("tool-input-", ".json");
            try {
                Files.writeString(file, input);
                Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectInput(file.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException(what + " failed: " + output);
                }
                return output;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }

    /**
     * EventBridge rules put to moto's EventBridge engine ({@code tools/event_rules.py}): {@code spec} is
     * {@code {"rules": [...], "events": [...]}}, the answer which rules match each event and what each sends.
     */
    public static String eventRules(String spec) {
        Path script = find("tools/event_rules.py");
        return run(List.of("python3", script.toString()), script.getParent(), spec, "tools/event_rules.py");
    }
}
