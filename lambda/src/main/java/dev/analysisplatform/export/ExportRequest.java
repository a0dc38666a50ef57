package dev.analysisplatform.export;

import java.util.List;

/**
 * One fully resolved export: environment defaults with the invocation's overrides applied and every
 * required value present. {@code snapshotIdentifier} is null for "the newest available snapshot".
 */
public record ExportRequest(
        String sourceName,
        SourceAccess access,
        String exportRoleArn,
        DatabaseTarget target,
        List<String> snapshotTypes,
        String snapshotIdentifier,
        List<String> exportOnly,
        boolean dryRun) {

    public ExportRequest {
        snapshotTypes = List.copyOf(snapshotTypes);
        exportOnly = exportOnly == null ? List.of() : List.copyOf(exportOnly);
    }
}
