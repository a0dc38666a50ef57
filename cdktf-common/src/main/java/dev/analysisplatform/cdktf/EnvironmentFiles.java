package dev.analysisplatform.cdktf;

import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.environment.InvalidEnvironmentException;
import java.util.List;
import java.util.function.Consumer;

/** The environments both apps synthesize, read once at the start of synth. */
public final class EnvironmentFiles {

    private EnvironmentFiles() {
    }

    /**
     * Every environment under {@code environments/}; when any file is broken, prints every mistake of every file and
     * exits 1, so {@code cdktf synth} (and the synth inside {@code cdktf deploy}) fails instead of leaving a stack out.
     */
    public static List<EnvironmentDefinition> loadOrExit() {
        return loadOrExit(environment -> { });
    }

    /** As {@link #loadOrExit()}, with {@code check} (throwing InvalidEnvironmentException) applied to each too. */
    public static List<EnvironmentDefinition> loadOrExit(Consumer<EnvironmentDefinition> check) {
        try {
            List<EnvironmentDefinition> environments = new EnvironmentLoader(ProjectPaths.environments()).loadAll();
            environments.forEach(check);
            return environments;
        } catch (InvalidEnvironmentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            throw e;
        }
    }
}
