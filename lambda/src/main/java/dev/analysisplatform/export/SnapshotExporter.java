package dev.analysisplatform.export;

import dev.analysisplatform.contract.Arns;
import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.errors.SnapshotTooOldException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final Clock clock;
    private final SnapshotFinder finder = new SnapshotFinder();
    private final ExportTasks tasks = new ExportTasks();

    public SnapshotExporter(SourceClients clients, ExporterSettings settings) {
        this(clients, settings, Clock.systemUTC());
    }

    SnapshotExporter(SourceClients clients, ExporterSettings settings, Clock clock) {
        this.clients = clients;
        this.settings = settings;
        this.clock = clock;
    }

    public ExportResult export(ExportRequest request, DecisionLog log) {
        try {
            return exportOrThrow(request, log);
        } catch (SdkException e) {
            throw SourceErrors.translate(e, request.access(), request.exportRoleArn());
        }
    }

    private ExportResult exportOrThrow(ExportRequest request, DecisionLog log) {
        RdsClient rds = clients.rds(request.access());
        Snapshot snapshot = choose(rds, request, log);
        String sourceName = request.sourceName() != null ? request.sourceName() : snapshot.accountId();
        ExporterSettings.Destination regional = settings.destinationIn(snapshot.region());
        // The account segment is the export role's (the source account's), also for a snapshot shared with it.
        ExportDestination destination = ExportDestination.of(regional.bucket(), settings.prefix(),
                Arns.account(request.exportRoleArn()), sourceName, request.target(), regional.kmsKeyArn());
        ExportSelection selection = request.selection();

        List<ExportTask> earlier = tasks.forSnapshot(rds, snapshot.arn(), destination, selection);
        Optional<ExportTask> live = earlier.stream().filter(ExportTasks::isLive)
                .max(Comparator.comparing(ExportTask::taskStartTime, Comparator.nullsFirst(Comparator.naturalOrder())));
        if (live.isPresent()) {
            ExportTask task = live.get();
            boolean startedByThisRun = startedSince(task, request.runStartTime());
            log.record("export_exists", "source", sourceName, "snapshot", snapshot.identifier(),
                    "exportTaskIdentifier", task.exportTaskIdentifier(), "status", task.status(),
                    "earlierAttempts", earlier.size(), "startedByThisRun", startedByThisRun);
            return result(task.exportTaskIdentifier(), ExportTasks.normalize(task.status()), sourceName, snapshot,
                    destination.asWrittenBy(task.s3Prefix()), selection, !startedByThisRun, request.dryRun(),
                    ExportResult.Progress.of(task));
        }

        String identifier = ExportTaskIdentifiers.forAttempt(snapshot, destination, selection, earlier.size() + 1);
        if (request.dryRun()) {
            log.record("export_dry_run", "source", sourceName, "snapshot", snapshot.identifier(),
                    "exportTaskIdentifier", identifier, "s3Bucket", destination.bucket(), "s3Prefix",
                    destination.prefix(), "exportOnly", selection.tables(), "failedAttempts", earlier.size());
            return result(identifier, ExportResult.NOT_STARTED, sourceName, snapshot, destination, selection, false,
                    true, ExportResult.Progress.NONE);
        }
        return start(rds, request, snapshot, sourceName, destination, identifier, earlier.size(), log);
    }

    /** Yesterday's snapshot must not pass for today's: a named error, which the state machine retries for a while. */
    private void requireFresh(Snapshot newest, ExportRequest request) {
        if (request.maxSnapshotAgeHours() == null || newest.createTime() == null) {
            return;
        }
        Duration age = Duration.between(newest.createTime(), clock.instant());
        if (age.compareTo(Duration.ofHours(request.maxSnapshotAgeHours())) > 0) {
            throw new SnapshotTooOldException("The newest available snapshot of " + request.target().describe() + ", "
                    + newest.identifier() + " (created " + newest.createTime() + "), is "
                    + String.format(java.util.Locale.ROOT, "%.1f", age.toMinutes() / 60.0) + " hours old, more than "
                    + "maxSnapshotAgeHours " + request.maxSnapshotAgeHours() + ". Is tonight's backup late or disabled?");
        }
    }

    /**
     * A task that started after this state machine execution began was started by this execution: by an earlier
     * attempt of this step whose response was lost, so it is this run's export, not an earlier one's.
     */
    private static boolean startedSince(ExportTask task, Instant runStartTime) {
        return runStartTime != null && task.taskStartTime() != null && !task.taskStartTime().isBefore(runStartTime);
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
        requireFresh(newest, request);
        return newest;
    }

    private ExportResult start(RdsClient rds, ExportRequest request, Snapshot snapshot, String sourceName,
                               ExportDestination destination, String identifier, int failedAttempts, DecisionLog log) {
        ExportSelection selection = request.selection();
        StartExportTaskRequest start = StartExportTaskRequest.builder()
                .exportTaskIdentifier(identifier)
                .sourceArn(snapshot.arn())
                .s3BucketName(destination.bucket())
                .s3Prefix(destination.prefix())
                .iamRoleArn(request.exportRoleArn())
                .kmsKeyId(destination.kmsKeyArn())
                .exportOnly(selection.isAll() ? null : selection.tables())
                .build();
        try {
            StartExportTaskResponse started = tasks.start(rds, start);
            log.record("export_started", "source", sourceName, "snapshot", snapshot.identifier(),
                    "exportTaskIdentifier", identifier, "status", started.status(), "s3Bucket", destination.bucket(),
                    "s3Prefix", destination.prefix(), "exportOnly", selection.tables(), "failedAttempts", failedAttempts);
            return result(identifier, ExportTasks.normalize(started.status()), sourceName, snapshot, destination,
                    selection, false, false, ExportResult.Progress.NONE);
        } catch (ExportTaskAlreadyExistsException exists) {
            // The name is this attempt's own (snapshot, destination, selection, attempt): either the SDK retried a
            // start whose response was lost, or a concurrent execution started the same export a moment ago.
            // Either way it is the export this run asked for, started now, not an earlier run's.
            ExportTask task = tasks.byIdentifier(rds, identifier);
            log.record("export_started", "source", sourceName, "snapshot", snapshot.identifier(),
                    "exportTaskIdentifier", identifier, "status", task.status(),
                    "reason", "already exists under this attempt's name (retried start or concurrent run)");
            return result(identifier, ExportTasks.normalize(task.status()), sourceName, snapshot, destination,
                    selection, false, false, ExportResult.Progress.of(task));
        }
    }

    private static ExportResult result(String identifier, String status, String sourceName, Snapshot snapshot,
                                       ExportDestination destination, ExportSelection selection,
                                       boolean alreadyExported, boolean dryRun, ExportResult.Progress progress) {
        return new ExportResult(identifier, status, sourceName, snapshot.arn(), snapshot.identifier(),
                snapshot.createTime(), destination.bucket(), destination.prefix(), selection, alreadyExported, dryRun,
                progress);
    }
}
