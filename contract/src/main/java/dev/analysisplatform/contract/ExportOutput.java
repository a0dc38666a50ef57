package dev.analysisplatform.contract;

/**
 * The output of the start and status functions (lambda/'s ExportResult), which the state machine reads by JSONPath:
 * every field is always present, null when unknown, so the definition reads the same paths on every branch.
 */
public final class ExportOutput {

    public static final String EXPORT_TASK_IDENTIFIER = "exportTaskIdentifier";
    /** RDS's task status (STARTING, IN_PROGRESS, COMPLETE, FAILED, CANCELING, CANCELED), or NOT_STARTED. */
    public static final String STATUS = "status";
    public static final String SOURCE_NAME = FunctionContract.SOURCE_NAME;
    public static final String SOURCE_ARN = "sourceArn";
    public static final String SNAPSHOT_IDENTIFIER = "snapshotIdentifier";
    public static final String SNAPSHOT_CREATE_TIME = "snapshotCreateTime";
    public static final String S3_BUCKET = "s3Bucket";
    public static final String S3_PREFIX = "s3Prefix";
    public static final String EXPORT_ONLY = FunctionContract.EXPORT_ONLY;
    public static final String ALREADY_EXPORTED = "alreadyExported";
    public static final String DRY_RUN = "dryRun";
    public static final String PERCENT_PROGRESS = "percentProgress";
    public static final String FAILURE_CAUSE = "failureCause";
    public static final String WARNING_MESSAGE = "warningMessage";
    public static final String TOTAL_EXTRACTED_DATA_IN_GB = "totalExtractedDataInGB";
    /** Seconds from RDS's TaskStartTime to TaskEndTime; null until a status check sees the task end. */
    public static final String EXPORT_DURATION_SECONDS = "exportDurationSeconds";
    /** USD estimate of a completed export: extracted GB times the configured price per GB. */
    public static final String ESTIMATED_COST_USD = "estimatedCostUsd";

    /** Status values the state machine branches on. */
    public static final String COMPLETE = "COMPLETE";
    public static final String NOT_STARTED = "NOT_STARTED";

    /** The registration function's output fields the state machine reads. */
    public static final String GLUE_DATABASE = "glueDatabase";
    public static final String TABLES_REGISTERED = "tablesRegistered";
    public static final String ACTIONS = "actions";
    /** How many tables of the export brought no fresh data (failed, skipped, listed without data, or retired). */
    public static final String INCOMPLETE_TABLES = "incompleteTables";
    /** The first few of them, each with what the catalog shows instead. */
    public static final String INCOMPLETE_SAMPLE = "incomplete";
    /**
     * Hours from the snapshot behind the registered export to its registration (when the data became queryable);
     * null when the snapshot's creation time is unknown. Also the DataAgeHours metric.
     */
    public static final String DATA_AGE_HOURS = "dataAgeHours";

    private ExportOutput() {
    }
}
