package dev.analysisplatform.sourceaccount;

import com.hashicorp.cdktf.App;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.infra.common.ProjectPaths;
import dev.analysisplatform.infra.common.StateBucketStack;

/**
 * The source account app (run from {@code another-account-iam-role/}). For every environment: stack
 * {@code <env>} (the two roles) and {@code <env>-state} (the state bucket bootstrap), for the source account
 * chosen by {@link SourceAccountSelection}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        App app = new App();
        // A broken environment file is reported and left out; the other environments still synthesize.
        EnvironmentLoader loader = new EnvironmentLoader(ProjectPaths.environments());
        for (EnvironmentDefinition environment : loader.loadValid(System.err::println)) {
            String account;
            try {
                account = SourceAccountSelection.accountFor(environment, System.getenv());
            } catch (IllegalArgumentException ambiguous) {
                // Other environments may still be synthesized; deploying this one names the problem.
                System.err.println("Skipping environment '" + environment.name() + "': " + ambiguous.getMessage());
                continue;
            }
            new SourceAccountStack(app, environment.name(), environment, account);
            new StateBucketStack(app, environment.name() + "-state", environment, account);
        }
        app.synth();
    }
}
