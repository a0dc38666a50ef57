package dev.analysisplatform.local;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.infra.AnalyticsStack;
import dev.analysisplatform.infra.common.ProjectPaths;
import dev.analysisplatform.infra.common.StateBucketStack;
import dev.analysisplatform.sourceaccount.SourceAccountStack;
import java.nio.file.Path;

/**
 * Both CDKTF apps' stacks for one environment, synthesized into one directory: the state bootstrap and the
 * platform for the analytics account, and the same for one source account.
 */
public final class LocalDeployment {

    public static final String ANALYTICS_STATE = "analytics-state";
    public static final String ANALYTICS = "analytics";
    public static final String SOURCE_STATE = "source-state";
    public static final String SOURCE = "source";

    private final Path outdir;

    private LocalDeployment(Path outdir) {
        this.outdir = outdir;
    }

    public static LocalDeployment synthesize(EnvironmentDefinition environment, String sourceAccountId,
                                             ProjectPaths.FunctionArtifacts artifacts, Path outdir) {
        App app = new App(AppConfig.builder().outdir(outdir.toString()).build());
        new StateBucketStack(app, ANALYTICS_STATE, environment, environment.analyticsAccountId());
        new AnalyticsStack(app, ANALYTICS, environment, artifacts);
        new StateBucketStack(app, SOURCE_STATE, environment, sourceAccountId);
        new SourceAccountStack(app, SOURCE, environment, sourceAccountId);
        app.synth();
        return new LocalDeployment(outdir);
    }

    public Path stack(String name) {
        return outdir.resolve("stacks").resolve(name);
    }
}
