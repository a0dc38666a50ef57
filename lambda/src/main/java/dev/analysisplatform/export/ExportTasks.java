package dev.analysisplatform.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DescribeExportTasksRequest;
import software.amazon.awssdk.services.rds.model.ExportTask;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.StartExportTaskRequest;
import software.amazon.awssdk.services.rds.model.StartExportTaskResponse;

/** The RDS export tasks of one source account: look-up by snapshot and destination, start, status. */
final class ExportTasks {

    /** Statuses after which a task will never write anything more; a new attempt may start. */
    static final Set<String> ENDED_WITHOUT_DATA = Set.of("FAILED", "CANCELED", "CANCELING");

    /**
     * Every earlier task that exported {@code selection} of {@code snapshotArn} to {@code destination}, oldest
     * attempt first. A task of another selection is another export: it neither counts as done nor as an attempt.
     */
    List<ExportTask> forSnapshot(RdsClient rds, String snapshotArn, ExportDestination destination,
                                 ExportSelection selection) {
        // Filter by source ARN rather than by a guessed identifier: asking for an unknown identifier is an
        // error (ExportTaskNotFound), and tasks started by hand under other names must count too.
        DescribeExportTasksRequest request = DescribeExportTasksRequest.builder()
                .filters(Filter.builder().name("source-arn").values(snapshotArn).build())
                .maxRecords(SnapshotFinder.PAGE_SIZE)
                .build();
        List<ExportTask> result = new ArrayList<>();
        for (ExportTask task : rds.describeExportTasksPaginator(request).exportTasks()) {
            if (snapshotArn.equals(task.sourceArn()) && destination.matches(task.s3Bucket(), task.s3Prefix())
                    && selection.matches(task.exportOnly())) {
                result.add(task);
            }
        }
        return result;
    }

    ExportTask byIdentifier(RdsClient rds, String exportTaskIdentifier) {
        try {
            return rds.describeExportTasks(DescribeExportTasksRequest.builder()
                            .exportTaskIdentifier(exportTaskIdentifier).build()).exportTasks().stream()
                    .filter(t -> exportTaskIdentifier.equals(t.exportTaskIdentifier()))
                    .findFirst()
                    .orElseThrow(() -> notFound(exportTaskIdentifier, null));
        } catch (software.amazon.awssdk.services.rds.model.ExportTaskNotFoundException e) {
            throw notFound(exportTaskIdentifier, e);
        }
    }

    StartExportTaskResponse start(RdsClient rds, StartExportTaskRequest request) {
        return rds.startExportTask(request);
    }

    static boolean isLive(ExportTask task) {
        return !ENDED_WITHOUT_DATA.contains(normalize(task.status()));
    }

    /** AWS documents upper-case statuses; compare and report them that way whatever the wire says. */
    static String normalize(String status) {
        return status == null ? "UNKNOWN" : status.toUpperCase(java.util.Locale.ROOT);
    }

    private static dev.analysisplatform.export.errors.ExportTaskNotFoundException notFound(String id, Throwable cause) {
        return new dev.analysisplatform.export.errors.ExportTaskNotFoundException(
                "The source account has no export task '" + id + "'.", cause);
    }
}
