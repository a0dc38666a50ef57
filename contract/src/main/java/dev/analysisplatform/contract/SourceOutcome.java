package dev.analysisplatform.contract;

/**
 * One source's record in the run's report ({@link RunRecords}: written by the source's child execution, gathered by
 * the summary): what the state machine writes and what the local run's reports, tests and people read.
 */
public final class SourceOutcome {

    public static final String SOURCE = "source";
    /**
     * The run's start (the planner's runStartTime): a record under a reused execution name (allowed after 90 days)
     * that is not this run's does not count as this run's outcome.
     */
    public static final String RUN_START_TIME = "runStartTime";
    /** {@link #EXPORTED}, {@link #DRY_RUN} or {@link #FAILED}. */
    public static final String OUTCOME = "outcome";
    public static final String SNAPSHOT = "snapshot";
    public static final String EXPORT_TASK_IDENTIFIER = ExportOutput.EXPORT_TASK_IDENTIFIER;
    public static final String ALREADY_EXPORTED = ExportOutput.ALREADY_EXPORTED;
    public static final String S3_PREFIX = ExportOutput.S3_PREFIX;
    public static final String TOTAL_EXTRACTED_DATA_IN_GB = ExportOutput.TOTAL_EXTRACTED_DATA_IN_GB;
    public static final String EXPORT_DURATION_SECONDS = ExportOutput.EXPORT_DURATION_SECONDS;
    public static final String ESTIMATED_COST_USD = ExportOutput.ESTIMATED_COST_USD;
    public static final String GLUE_DATABASE = ExportOutput.GLUE_DATABASE;
    public static final String TABLES_REGISTERED = ExportOutput.TABLES_REGISTERED;
    /** How old the source's data was when it became queryable (hours since its snapshot was taken). */
    public static final String DATA_AGE_HOURS = ExportOutput.DATA_AGE_HOURS;
    /** The registration's actions by kind ({"created": 3, "unchanged": 12}). */
    public static final String REGISTRATION = "registration";
    /** How many tables brought no fresh data, and the first few of them (see the registration's summary). */
    public static final String INCOMPLETE_TABLES = ExportOutput.INCOMPLETE_TABLES;
    public static final String INCOMPLETE = ExportOutput.INCOMPLETE_SAMPLE;
    /**
     * False when the source was exported but some of its tables brought no fresh data; true when every table did (or
     * on a dry run); null when the source failed. The run notifies once when any source says false.
     */
    public static final String TABLES_COMPLETE = "tablesComplete";
    /** For failures: where (export, start or status, register), the error name, and (in notifications) the cause. */
    public static final String STEP = "step";
    public static final String ERROR = "error";
    public static final String CAUSE = "cause";
    /** A failed source in one line ({@code "shop: ExportTaskFailed in export"}): what the run's failure cause lists. */
    public static final String FAILURE = "failure";

    public static final String EXPORTED = "EXPORTED";
    public static final String DRY_RUN = "DRY_RUN";
    public static final String FAILED = "FAILED";

    private SourceOutcome() {
    }
}
