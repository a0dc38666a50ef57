package dev.analysisplatform.export;

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
    public static final String NOT_STARTED = "NOT_STARTED";

    public static final String STATUS = "status";
    /** Seconds from RDS's TaskStartTime to TaskEndTime; null until a status check sees the task end. */
    public static final String EXPORT_DURATION_SECONDS = "exportDurationSeconds";
    /** USD estimate of a completed export: extracted GB times the configured price per GB. */
    public static final String ESTIMATED_COST_USD = "estimatedCostUsd";
    public static final String PERCENT_PROGRESS = "percentProgress";
    public static final String FAILURE_CAUSE = "failureCause";
    public static final String WARNING_MESSAGE = "warningMessage";
    public static final String TOTAL_EXTRACTED_DATA_IN_GB = "totalExtractedDataInGB";

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
        json.put("exportTaskIdentifier", exportTaskIdentifier);
        json.put(STATUS, status);
        json.put("sourceName", sourceName);
        json.put("sourceArn", sourceArn);
        json.put("snapshotIdentifier", snapshotIdentifier);
        json.put("snapshotCreateTime", snapshotCreateTime == null ? null : snapshotCreateTime.toString());
        json.put("s3Bucket", s3Bucket);
        json.put("s3Prefix", s3Prefix);
        json.put("exportOnly", selection.isAll() ? null : selection.tables());
        json.put("alreadyExported", alreadyExported);
        json.put("dryRun", dryRun);
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
