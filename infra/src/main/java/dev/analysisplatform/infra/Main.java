package dev.analysisplatform.infra;

import com.hashicorp.cdktf.App;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.cdktf.EnvironmentFiles;
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
        for (EnvironmentDefinition environment : EnvironmentFiles.loadOrExit(ExportBucket::checkPolicySize)) {
            new AnalyticsStack(app, environment.name(), environment, artifacts);
            new StateBucketStack(app, StateBucketStack.idFor(environment.name()), environment,
                    environment.analyticsAccountId(), ProjectPaths.bootstrapState());
        }
        app.synth();
    }
}
