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

    /**
     * Both apps deploy sources in the analytics region only: RDS exports a snapshot only "to an S3 bucket in the same
     * AWS Region as the snapshot", and the stacks do not yet create an export bucket and key per region. The run
     * itself (plan, concurrency, outcomes) already handles a source's region.
     */
    public static void sourcesInAnalyticsRegion(EnvironmentDefinition environment) {
        for (int i = 0; i < environment.sources().size(); i++) {
            String region = environment.regionOf(environment.sources().get(i));
            if (!region.equals(environment.region())) {
                throw new dev.analysisplatform.environment.InvalidEnvironmentException("environments/"
                        + environment.name() + ".json: sources[" + i + "].region: '" + region + "' is not the analytics "
                        + "region '" + environment.region() + "'. RDS exports a snapshot only to a bucket in the "
                        + "snapshot's own region, and this version creates the export bucket and key in the analytics "
                        + "region only: deploy an environment (its own namePrefix) in '" + region + "' for these sources.");
            }
        }
    }

    /** As {@link #loadOrExit()}, with {@code check} (throwing InvalidEnvironmentException) applied to each too. */
    public static List<EnvironmentDefinition> loadOrExit(Consumer<EnvironmentDefinition> check) {
        try {
            List<EnvironmentDefinition> environments = new EnvironmentLoader(ProjectPaths.environments()).loadAll();
            environments.forEach(EnvironmentFiles::sourcesInAnalyticsRegion);
            environments.forEach(check);
            return environments;
        } catch (InvalidEnvironmentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            throw e;
        }
    }
}
