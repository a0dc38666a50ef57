package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.DecisionLog;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.model.ExportTask;

/** Reads the current state of an export task in its source account. */
public final class ExportStatusChecker {

    private final SourceClients clients;
    private final ExportTasks tasks = new ExportTasks();

    public ExportStatusChecker(SourceClients clients) {
        this.clients = clients;
    }

    /**
     * Returns {@code previous} (the start handler's output) with {@code status}, {@code percentProgress},
     * {@code failureCause}, {@code warningMessage} and {@code totalExtractedDataInGB} brought up to date.
     */
    public Map<String, Object> check(SourceAccess access, String exportTaskIdentifier, Map<String, Object> previous,
                                     DecisionLog log) {
        ExportTask task;
        try {
            task = tasks.byIdentifier(clients.rds(access), exportTaskIdentifier);
        } catch (SdkException e) {
            throw SourceErrors.translate(e, access, null);
        }
        Map<String, Object> result = new LinkedHashMap<>(previous);
        result.put(ExportResult.STATUS, ExportTasks.normalize(task.status()));
        result.putAll(ExportResult.Progress.of(task).toJson());
        // RDS reports when the task started and ended; their difference is the export's duration.
        result.put(ExportResult.EXPORT_DURATION_SECONDS, task.taskStartTime() == null || task.taskEndTime() == null ? null
                : java.time.Duration.between(task.taskStartTime(), task.taskEndTime()).toSeconds());
        log.record("export_status", "exportTaskIdentifier", exportTaskIdentifier, "status", task.status(),
                "percentProgress", task.percentProgress(), "failureCause", task.failureCause());
        return result;
    }
}
