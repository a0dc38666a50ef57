package dev.analysisplatform.export;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ExportTask;
import software.amazon.awssdk.services.rds.model.ExportTaskAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.StartExportTaskRequest;
import software.amazon.awssdk.services.rds.model.StartExportTaskResponse;

/**
 * Exports one source's snapshot exactly once: choose the snapshot, look for a task that already exported it
 * to the same destination, and start one only when there is none that is running or complete.
 */
public final class SnapshotExporter {

    private final SourceClients clients;
    private final ExporterSettings settings;
    private final SnapshotFinder finder = new SnapshotFinder();
    private final ExportTasks tasks = new ExportTasks();

    public SnapshotExporter(SourceClients clients, ExporterSettings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    public ExportResult export(ExportRequest request, DecisionLog log) {
        try {
            return exportOrThrow(request, log);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, request.access(), request.exportRoleArn());
        }
    }

    private ExportResult exportOrThrow(ExportRequest request, DecisionLog log) {
        RdsClient rds = clients.rds(request.access());
        Snapshot snapshot = choose(rds, request, log);
        String sourceName = request.sourceName() != null ? request.sourceName() : snapshot.accountId();
        ExportDestination destination = ExportDestination.of(settings.bucket(), settings.prefix(), sourceName,
                request.target());

        List<ExportTask> earlier = tasks.forSnapshot(rds, snapshot.arn(), destination);
        Optional<ExportTask> live = earlier.stream().filter(ExportTasks::isLive)
                .max(Comparator.comparing(ExportTask::taskStartTime, Comparator.nullsFirst(Comparator.naturalOrder())));
        if (live.isPresent()) {
            log.record("export_exists", "source", sourceName, "snapshot", snapshot.identifier(),
                    "exportTaskIdentifier", live.get().exportTaskIdentifier(), "status", live.get().status(),
                    "earlierAttempts", earlier.size());
            return result(live.get().exportTaskIdentifier(), ExportTasks.normalize(live.get().status()), sourceName, snapshot, destination,
                    true, request.dryRun());
        }

        String identifier = ExportTaskIdentifiers.forAttempt(snapshot, destination, earlier.size() + 1);
        if (request.dryRun()) {
            log.record("export_dry_run", "source", sourceName, "snapshot", snapshot.identifier(),
                    "exportTaskIdentifier", identifier, "s3Bucket", destination.bucket(), "s3Prefix",
                    destination.prefix(), "failedAttempts", earlier.size());
            return result(identifier, ExportResult.NOT_STARTED, sourceName, snapshot, destination, false, true);
        }
        return start(rds, request, snapshot, sourceName, destination, identifier, earlier.size(), log);
    }

    private Snapshot choose(RdsClient rds, ExportRequest request, DecisionLog log) {
        if (request.snapshotIdentifier() != null) {
            Snapshot named = finder.named(rds, request.target(), request.snapshotIdentifier());
            log.record("snapshot_chosen", "target", request.target().describe(), "snapshot", named.identifier(),
                    "reason", "named in input", "createTime", String.valueOf(named.createTime()));
            return named;
        }
        List<Snapshot> all = finder.list(rds, request.target(), request.snapshotTypes());
        Snapshot newest = SnapshotFinder.newestAvailable(all, request.target(), request.snapshotTypes());
        log.record("snapshot_chosen", "target", request.target().describe(), "types", request.snapshotTypes(),
                "candidates", all.size(), "available", all.stream().filter(Snapshot::isAvailable).count(),
                "snapshot", newest.identifier(), "createTime", String.valueOf(newest.createTime()));
        return newest;
    }

    private ExportResult start(RdsClient rds, ExportRequest request, Snapshot snapshot, String sourceName,
                               ExportDestination destination, String identifier, int failedAttempts, DecisionLog log) {
        StartExportTaskRequest start = StartExportTaskRequest.builder()
                .exportTaskIdentifier(identifier)
                .sourceArn(snapshot.arn())
                .s3BucketName(destination.bucket())
                .s3Prefix(destination.prefix())
                .iamRoleArn(request.exportRoleArn())
                .kmsKeyId(settings.kmsKeyArn())
                .exportOnly(request.exportOnly().isEmpty() ? null : request.exportOnly())
                .build();
        try {
            StartExportTaskResponse started = tasks.start(rds, start);
            log.record("export_started", "source", sourceName, "snapshot", snapshot.identifier(),
                    "exportTaskIdentifier", identifier, "status", started.status(), "s3Bucket", destination.bucket(),
                    "s3Prefix", destination.prefix(), "failedAttempts", failedAttempts);
            return result(identifier, ExportTasks.normalize(started.status()), sourceName, snapshot, destination, false, false);
        } catch (ExportTaskAlreadyExistsException raced) {
            // Another execution started the same task between our look-up and our start: report the winner's.
            ExportTask winner = tasks.byIdentifier(rds, identifier);
            log.record("export_exists", "source", sourceName, "snapshot", snapshot.identifier(),
                    "exportTaskIdentifier", identifier, "status", winner.status(), "reason", "lost start race");
            return result(identifier, ExportTasks.normalize(winner.status()), sourceName, snapshot, destination, true, false);
        }
    }

    private static ExportResult result(String identifier, String status, String sourceName, Snapshot snapshot,
                                       ExportDestination destination, boolean alreadyExported, boolean dryRun) {
        return new ExportResult(identifier, status, sourceName, snapshot.arn(), snapshot.identifier(),
                snapshot.createTime(), destination.bucket(), destination.prefix(), alreadyExported, dryRun);
    }
}
