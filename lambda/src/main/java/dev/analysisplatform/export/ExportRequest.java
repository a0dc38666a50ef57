package dev.analysisplatform.export;

import java.time.Instant;
import java.util.List;

/**
 * One fully resolved export: environment defaults with the invocation's overrides applied and every
 * required value present. {@code snapshotIdentifier} is null for "the newest available snapshot";
 * {@code runStartTime} is when the state machine execution began (null outside one): a task started since then
 * was started by this run, not before it. {@code maxSnapshotAgeHours} (null: no limit) bounds how old the newest
 * available snapshot may be.
 */
public record ExportRequest(
        String sourceName,
        SourceAccess access,
        String exportRoleArn,
        DatabaseTarget target,
        List<String> snapshotTypes,
        String snapshotIdentifier,
        List<String> exportOnly,
        boolean dryRun,
        Instant runStartTime,
        Integer maxSnapshotAgeHours) {

    public ExportRequest {
        snapshotTypes = List.copyOf(snapshotTypes);
        exportOnly = exportOnly == null ? List.of() : List.copyOf(exportOnly);
    }

    public ExportSelection selection() {
        return ExportSelection.of(exportOnly);
    }
}
