package dev.analysisplatform.export;

import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.export.catalog.RegisterExportHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Every environment variable a deployed function of this artifact set may be given: what the exporter and the
 * registration handler read, plus what the JVM itself reads. Deployment checks (infra's contract test, the local
 * run's contract check) hold Terraform to this list.
 */
public final class FunctionEnvironment {

    /** Read by the JVM, not by our code. */
    public static final List<String> JVM_VARIABLES = List.of("JAVA_TOOL_OPTIONS");

    public static final List<String> ACCEPTED;

    static {
        List<String> accepted = new ArrayList<>(ExporterSettings.VARIABLES);
        accepted.add(RegisterExportHandler.GLUE_DATABASE);
        accepted.add(FunctionContract.ENV_EXPORT_PRICE_PER_GB);
        accepted.addAll(JVM_VARIABLES);
        ACCEPTED = List.copyOf(accepted);
    }

    private FunctionEnvironment() {
    }
}
