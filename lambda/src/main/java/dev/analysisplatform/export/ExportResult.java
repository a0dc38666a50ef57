package dev.analysisplatform.export;

import dev.analysisplatform.contract.ExportOutput;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.ExportTask;

/**
 * What the start handler returns, and the state machine carries to the status handler. Every field is written,
 * {@code null} when unknown: the state machine reads them by JSONPath on every branch (a CANCELED task has no
 * {@code failureCause}, a task that was just started has no progress yet).
 */
public record ExportResult(
        String exportTaskIdentifier,
        String status,
        String sourceName,
        String sourceArn,
        String snapshotIdentifier,
        Instant snapshotCreateTime,
        String s3Bucket,
        String s3Prefix,
        ExportSelection selection,
        boolean alreadyExported,
        boolean dryRun,
        Progress progress) {

    /** Status reported by a dry run that found no earlier task: nothing was started. */
    public static final String NOT_STARTED = ExportOutput.NOT_STARTED;

    public static final String STATUS = ExportOutput.STATUS;
    public static final String EXPORT_DURATION_SECONDS = ExportOutput.EXPORT_DURATION_SECONDS;
    public static final String ESTIMATED_COST_USD = ExportOutput.ESTIMATED_COST_USD;
    public static final String PERCENT_PROGRESS = ExportOutput.PERCENT_PROGRESS;
    public static final String FAILURE_CAUSE = ExportOutput.FAILURE_CAUSE;
    public static final String WARNING_MESSAGE = ExportOutput.WARNING_MESSAGE;
    public static final String TOTAL_EXTRACTED_DATA_IN_GB = ExportOutput.TOTAL_EXTRACTED_DATA_IN_GB;

    /** What RDS reports about a running or ended task; all null before RDS has said anything. */
    public record Progress(Integer percentProgress, String failureCause, String warningMessage,
                           Integer totalExtractedDataInGB) {

        public static final Progress NONE = new Progress(null, null, null, null);

        public static Progress of(ExportTask task) {
            return new Progress(task.percentProgress(), task.failureCause(), task.warningMessage(),
                    task.totalExtractedDataInGB());
        }

        /** The status fields, each present (null when unknown). */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put(PERCENT_PROGRESS, percentProgress);
            json.put(FAILURE_CAUSE, failureCause);
            json.put(WARNING_MESSAGE, warningMessage);
            json.put(TOTAL_EXTRACTED_DATA_IN_GB, totalExtractedDataInGB);
            return json;
        }
    }

    public ExportResult {
        selection = selection == null ? ExportSelection.ALL : selection;
        progress = progress == null ? Progress.NONE : progress;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(ExportOutput.EXPORT_TASK_IDENTIFIER, exportTaskIdentifier);
        json.put(STATUS, status);
        json.put(ExportOutput.SOURCE_NAME, sourceName);
        json.put(ExportOutput.SOURCE_ARN, sourceArn);
        json.put(ExportOutput.SNAPSHOT_IDENTIFIER, snapshotIdentifier);
        json.put(ExportOutput.SNAPSHOT_CREATE_TIME, snapshotCreateTime == null ? null : snapshotCreateTime.toString());
        json.put(ExportOutput.S3_BUCKET, s3Bucket);
        json.put(ExportOutput.S3_PREFIX, s3Prefix);
        json.put(ExportOutput.EXPORT_ONLY, selection.isAll() ? null : selection.tables());
        json.put(ExportOutput.ALREADY_EXPORTED, alreadyExported);
        json.put(ExportOutput.DRY_RUN, dryRun);
        json.putAll(progress.toJson());
        // Known only once a status check sees the task end; present (null) so every later path can read them.
        json.put(EXPORT_DURATION_SECONDS, null);
        json.put(ESTIMATED_COST_USD, null);
        return json;
    }

    /** The fields the status handler brings up to date, for tests and documentation. */
    public static final List<String> STATUS_FIELDS = List.of(STATUS, PERCENT_PROGRESS, FAILURE_CAUSE, WARNING_MESSAGE,
            TOTAL_EXTRACTED_DATA_IN_GB);
}
