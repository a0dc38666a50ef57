package dev.analysisplatform.contract;

/**
 * The wire between the deployment (infra/: Terraform and the state machine definition) and the functions
 * (lambda/): handler names, environment variables and the fields of the planner's and the exporter's input. Both
 * sides use these constants, so a rename is one edit and both sides compile against it; infra's ContractTest checks
 * the handlers against the real jar.
 */
public final class FunctionContract {

    /** Handlers, as Lambda's Java runtime names them ({@code class::method}). */
    public static final String PLAN_HANDLER = "dev.analysisplatform.export.run.PlanExportsHandler::handleRequest";
    public static final String SUMMARIZE_HANDLER = "dev.analysisplatform.export.run.SummarizeRunHandler::handleRequest";
    public static final String START_HANDLER = "dev.analysisplatform.export.ExportLatestSnapshotHandler::handleRequest";
    public static final String STATUS_HANDLER = "dev.analysisplatform.export.ExportStatusHandler::handleRequest";
    public static final String REGISTER_HANDLER = "dev.analysisplatform.export.catalog.RegisterExportHandler::handleRequest";

    /** Environment variables of the exporter functions (all but the three export settings are optional defaults). */
    public static final String ENV_EXPORT_BUCKET = "EXPORT_BUCKET";
    public static final String ENV_EXPORT_KMS_KEY_ARN = "EXPORT_KMS_KEY_ARN";
    public static final String ENV_EXPORT_PREFIX = "EXPORT_PREFIX";
    /**
     * The export bucket and key of every source region but the function's own (whose are EXPORT_BUCKET and
     * EXPORT_KMS_KEY_ARN), as JSON: {@code {"<region>": {"bucket": "...", "kmsKeyArn": "..."}}}. Optional.
     */
    public static final String ENV_EXPORT_DESTINATIONS = "EXPORT_DESTINATIONS";
    public static final String DESTINATION_BUCKET = "bucket";
    public static final String DESTINATION_KMS_KEY_ARN = "kmsKeyArn";
    /** Price per GB of snapshot export in USD, for the run summary's cost estimate (optional). */
    public static final String ENV_EXPORT_PRICE_PER_GB = "EXPORT_PRICE_PER_GB";
    /** Environment variable of the registration function. */
    public static final String ENV_GLUE_DATABASE = "GLUE_DATABASE";

    /** The planner's and the summary's input, written by the state machine: the bucket and the run's name. */
    public static final String RUN_BUCKET = "runBucket";
    public static final String RUN = "run";
    /** The planner's input, written by the state machine's Plan state. */
    public static final String EXECUTION_INPUT = "executionInput";
    public static final String EXECUTION_START_TIME = "executionStartTime";
    /**
     * The planner's output: {@code {"runBucket", "run", "plan": key of the plan index, "sources": n, "groups": n}}
     * (RunRecords has the layout).
     */
    public static final String PLAN = "plan";
    public static final String PLANNED_SOURCES = "sources";
    public static final String PLANNED_GROUPS = "groups";
    /**
     * Added by the planner to every export: the run's start plus {@link Defaults#SOURCE_DEADLINE_HOURS}, as an ISO-8601
     * UTC timestamp. The state machine stops waiting for an export past it; the functions ignore it.
     */
    public static final String DEADLINE = "deadline";

    /** The exporter's input: one configured source (what infra writes into RunRecords.CONFIGURED_SOURCES_KEY). */
    public static final String SOURCE_NAME = "sourceName";
    public static final String SOURCE_ROLE_ARN = "sourceRoleArn";
    public static final String EXTERNAL_ID = "externalId";
    public static final String EXPORT_ROLE_ARN = "exportRoleArn";
    public static final String DB_CLUSTER_IDENTIFIER = "dbClusterIdentifier";
    public static final String DB_INSTANCE_IDENTIFIER = "dbInstanceIdentifier";
    public static final String SNAPSHOT_TYPES = "snapshotTypes";
    public static final String EXPORT_ONLY = "exportOnly";
    public static final String MAX_SNAPSHOT_AGE_HOURS = "maxSnapshotAgeHours";
    /** The source database's region: RDS exports a snapshot only to a bucket in its own region. */
    public static final String SOURCE_REGION = "sourceRegion";

    private FunctionContract() {
    }
}
