package dev.analysisplatform.infra.common;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root from wherever an app runs (the root for the analytics app, and
 * {@code another-account-iam-role/} for the source app): the nearest directory that has both
 * {@code environments/} and {@code lambda/}.
 */
public final class ProjectPaths {

    public static final String EXPORTER_JAR = "lambda/target/snapshot-exporter.jar";

    private ProjectPaths() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("environments")) && Files.isDirectory(candidate.resolve("lambda"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find the analysis-platform checkout (a directory with environments/ and "
                + "lambda/) from " + dir + "; run cdktf from the repository or another-account-iam-role/.");
    }

    public static Path environments() {
        return root().resolve("environments");
    }

    /** The exporter artifact, which Maven must have built before synth. */
    public static Path exporterJar() {
        return exporterJarIn(root());
    }

    public static Path exporterJarIn(Path root) {
        Path jar = root.resolve(EXPORTER_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(EXPORTER_JAR + " is missing: build it first with "
                    + "`mvn -B -pl lambda -am package -DskipTests` (npx cdktf synth/deploy does this for you).");
        }
        return jar;
    }
}
