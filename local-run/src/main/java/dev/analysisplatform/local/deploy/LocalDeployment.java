package dev.analysisplatform.local.deploy;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.infra.AnalyticsStack;
import dev.analysisplatform.cdktf.ProjectPaths;
import dev.analysisplatform.cdktf.StateBucketStack;
import dev.analysisplatform.sourceaccount.SourceAccountStack;
import java.nio.file.Path;

/**
 * Both CDKTF apps' stacks for one environment, synthesized into one directory as the two apps name them: the state
 * bootstrap and the platform for the analytics account ({@code <env>-state}, {@code <env>}), and the same for every
 * source account ({@code <env>-<account>-state}, {@code <env>-<account>}). Bootstrap state stays in
 * {@code bootstrap-state/} beside {@code outdir}.
 */
public final class LocalDeployment {

    private final Path outdir;
    private final EnvironmentDefinition environment;

    private LocalDeployment(Path outdir, EnvironmentDefinition environment) {
        this.outdir = outdir;
        this.environment = environment;
    }

    public static LocalDeployment synthesize(EnvironmentDefinition environment, ProjectPaths.FunctionArtifacts artifacts,
                                             Path outdir) {
        App app = new App(AppConfig.builder().outdir(outdir.toString()).build());
        // Beside the synth output, not in it: a new synth must never take an account's bootstrap state with it.
        Path bootstrapState = outdir.toAbsolutePath().getParent().resolve("bootstrap-state");
        new StateBucketStack(app, StateBucketStack.idFor(environment.name()), environment,
                environment.analyticsAccountId(), bootstrapState);
        new AnalyticsStack(app, environment.name(), environment, artifacts);
        for (String account : environment.sourceAccountIds()) {
            String id = SourceAccountStack.idFor(environment, account);
            new StateBucketStack(app, StateBucketStack.idFor(id), environment, account, bootstrapState);
            new SourceAccountStack(app, id, environment, account);
        }
        app.synth();
        return new LocalDeployment(outdir, environment);
    }

    public String analytics() {
        return environment.name();
    }

    public String source(String accountId) {
        return SourceAccountStack.idFor(environment, accountId);
    }

    public static String bootstrap(String stack) {
        return StateBucketStack.idFor(stack);
    }

    public Path stack(String name) {
        return outdir.resolve("stacks").resolve(name);
    }
}
