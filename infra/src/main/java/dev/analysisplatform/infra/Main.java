package dev.analysisplatform.infra;

import com.hashicorp.cdktf.App;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.cdktf.ProjectPaths;
import dev.analysisplatform.cdktf.StateBucketStack;

/**
 * The analytics account app. For every {@code environments/<env>.json}: stack {@code <env>} (the platform) and
 * stack {@code <env>-state} (the one-time Terraform state bucket bootstrap).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        App app = new App();
        ProjectPaths.FunctionArtifacts artifacts = ProjectPaths.artifacts();
        // A broken environment file is reported and left out; the other environments still synthesize.
        EnvironmentLoader loader = new EnvironmentLoader(ProjectPaths.environments());
        for (EnvironmentDefinition environment : loader.loadValid(System.err::println)) {
            new AnalyticsStack(app, environment.name(), environment, artifacts);
            new StateBucketStack(app, StateBucketStack.idFor(environment.name()), environment,
                    environment.analyticsAccountId(), ProjectPaths.bootstrapState());
        }
        app.synth();
    }
}
