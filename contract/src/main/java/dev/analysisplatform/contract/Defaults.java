package dev.analysisplatform.contract;

import java.util.List;

/** Defaults both sides apply when a value is not configured; written once so synth and run time cannot differ. */
public final class Defaults {

    /** Top-level S3 prefix of every export. */
    public static final String EXPORT_PREFIX = "exports";
    /** RDS snapshot types a source exports when it names none. */
    public static final List<String> SNAPSHOT_TYPES = List.of("automated");
    /** A source's newest snapshot may be this old; a daily backup plus two hours of slack. */
    public static final int MAX_SNAPSHOT_AGE_HOURS = 26;
    /** How long a run waits for a fresh snapshot before it fails the source. */
    public static final int WAIT_FOR_SNAPSHOT_HOURS = 6;

    /** A run stops after this long, before the next daily run would start (the state machine's TimeoutSeconds). */
    public static final int RUN_TIMEOUT_HOURS = 23;
    /**
     * A source still exporting this long after the run started is reported FAILED (RDS keeps exporting; the next
     * run registers the finished export). An hour before the run's timeout, so one slow database ends as its own
     * outcome instead of timing out the whole run and every other source's report with it.
     */
    public static final int SOURCE_DEADLINE_HOURS = RUN_TIMEOUT_HOURS - 1;

    /**
     * Step Functions' quota on one state's input or output: "256 KiB of data as a UTF-8 encoded string" (Step Functions
     * service quotas). Over it the execution fails with States.DataLimitExceeded, which no Catch handles.
     */
    public static final int STATE_PAYLOAD_QUOTA_BYTES = 256 * 1024;
    /**
     * The share of it any state of a run may use, whatever the fleet (50%): the plan and every outcome are run records
     * in S3 (RunRecords), so what a state carries is one source's request or outcome, or the run's bounded summary.
     */
    public static final int STATE_PAYLOAD_BUDGET_BYTES = STATE_PAYLOAD_QUOTA_BYTES / 2;

    /** RDS snapshot export list price per GB in USD (us-east-1, "Amazon RDS pricing"); other regions differ. */
    public static final String EXPORT_PRICE_PER_GB_USD = "0.010";

    private Defaults() {
    }
}
