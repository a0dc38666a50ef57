package dev.analysisplatform.contract;

import java.util.List;

/**
 * Error names the state machine matches in Retry and Catch, and the ones it writes into a source's outcome. A Java
 * Lambda's error name is its exception's fully qualified class name, so the first three are lambda/'s classes
 * (infra's ContractTest loads each from the real jar).
 */
public final class ErrorNames {

    /** RDS already runs its 5 exports in this account: retried for about 2 hours. */
    public static final String QUOTA_EXCEEDED = "dev.analysisplatform.export.errors.ExportQuotaExceededException";
    /** Throttling, 5xx or no answer from AWS after the SDK's retries; every step is idempotent, so retried. */
    public static final String AWS_UNAVAILABLE = "dev.analysisplatform.export.errors.AwsUnavailableException";
    /** The newest snapshot is older than the source allows: waited for, then the source fails naming its age. */
    public static final String SNAPSHOT_TOO_OLD = "dev.analysisplatform.export.errors.SnapshotTooOldException";
    /** The exceptions above, which the state machine names and the functions throw. */
    public static final List<String> FUNCTION_ERRORS = List.of(QUOTA_EXCEEDED, AWS_UNAVAILABLE, SNAPSHOT_TOO_OLD);

    /** RDS reported the export FAILED, CANCELED or CANCELING. */
    public static final String EXPORT_TASK_FAILED = "ExportTaskFailed";
    /** The export was still running at the run's deadline. */
    public static final String DEADLINE_PASSED = "ExportDeadlinePassed";
    /** The run's own error when any source failed; its cause lists every source's outcome. */
    public static final String EXPORT_FAILED = "ExportFailed";

    private ErrorNames() {
    }
}
