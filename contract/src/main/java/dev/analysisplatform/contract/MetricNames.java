package dev.analysisplatform.contract;

/**
 * The CloudWatch metrics the functions emit (embedded metric format) and the dashboard and alarms read: one spelling
 * for both sides. Every metric has the dimension {@link #SOURCE}; {@link #STEP_FAILURES} also {@link #STEP}.
 */
public final class MetricNames {

    public static final String NAMESPACE = "AnalysisPlatform";
    public static final String SOURCE = "Source";
    public static final String STEP = "Step";
    /** Age of the snapshot behind the registered export, at registration (every daily run): freshness. */
    public static final String DATA_AGE_HOURS = "DataAgeHours";
    /** Age of the snapshot an export was started from. */
    public static final String SNAPSHOT_AGE_HOURS = "SnapshotAgeHours";
    public static final String EXPORT_DURATION_SECONDS = "ExportDurationSeconds";
    public static final String GIGABYTES_EXTRACTED = "GigabytesExtracted";
    public static final String ESTIMATED_EXPORT_COST_USD = "EstimatedExportCostUsd";
    public static final String TABLES_REGISTERED = "TablesRegistered";
    public static final String TABLES_SKIPPED = "TablesSkipped";
    public static final String STEP_FAILURES = "StepFailures";

    private MetricNames() {
    }
}
