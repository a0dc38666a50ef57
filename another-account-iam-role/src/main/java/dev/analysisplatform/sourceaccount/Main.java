package dev.analysisplatform.sourceaccount;

import com.hashicorp.cdktf.App;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.cdktf.EnvironmentFiles;
import dev.analysisplatform.cdktf.ProjectPaths;
import dev.analysisplatform.cdktf.StateBucketStack;

/**
 * The source account app (run from {@code another-account-iam-role/}). For every environment and every source account
 * in it: stack {@code <env>-<account>} (the two roles) and {@code <env>-<account>-state} (the state bucket bootstrap).
 * One stack per account, so one checkout deploys every source account, each with its own working directory and
 * bootstrap state; the provider's {@code allowed_account_ids} refuses another account's credentials.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        App app = new App();
        for (EnvironmentDefinition environment : EnvironmentFiles.loadOrExit()) {
            for (String account : environment.sourceAccountIds()) {
                String id = SourceAccountStack.idFor(environment, account);
                new SourceAccountStack(app, id, environment, account);
                new StateBucketStack(app, StateBucketStack.idFor(id), environment, account, ProjectPaths.bootstrapState());
            }
        }
        app.synth();
    }
}
