package dev.analysisplatform.cdktf;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root from wherever an app runs (the root for the analytics app, and
 * {@code another-account-iam-role/} for the source app): the nearest directory that has both
 * {@code environments/} and {@code lambda/}.
 */
public final class ProjectPaths {

    public static final String EXPORTER_JAR = "lambda/target/snapshot-exporter.jar";
    public static final String REGISTRAR_JAR = "lambda/target/catalog-registrar.jar";

    /** The two deployable artifacts Maven builds in lambda/: one per set of SDK clients. */
    public record FunctionArtifacts(Path exporter, Path registrar) {
    }

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

    /**
     * Where the bootstrap stacks keep their local state: {@code bootstrap-state/} at the repository root, one file per
     * stack, outside {@code cdktf.out/} (which every synth rewrites) and ignored by git.
     */
    public static Path bootstrapState() {
        return root().resolve("bootstrap-state");
    }

    /** The function artifacts, which Maven must have built before synth. */
    public static FunctionArtifacts artifacts() {
        return artifactsIn(root());
    }

    public static FunctionArtifacts artifactsIn(Path root) {
        return new FunctionArtifacts(built(root, EXPORTER_JAR), built(root, REGISTRAR_JAR));
    }

    private static Path built(Path root, String artifact) {
        Path jar = root.resolve(artifact);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(artifact + " is missing: build it first with "
                    + "`mvn -B -pl lambda -am package -DskipTests` (npx cdktf synth/deploy does this for you).");
        }
        return jar;
    }
}
