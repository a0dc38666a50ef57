package dev.analysisplatform.export;

import dev.analysisplatform.contract.Defaults;
import java.util.List;

/**
 * Which source to export and how to reach it ({@code region}: its database's, null for the function's own). The function's environment provides defaults (all optional);
 * each invocation may override them field by field. Null means "not set".
 */
public record SourceSettings(
        String sourceName,
        String sourceRoleArn,
        String externalId,
        String exportRoleArn,
        DatabaseTarget target,
        List<String> snapshotTypes,
        String region) {

    public static final List<String> DEFAULT_SNAPSHOT_TYPES = Defaults.SNAPSHOT_TYPES;

    public SourceSettings {
        snapshotTypes = snapshotTypes == null || snapshotTypes.isEmpty()
                ? DEFAULT_SNAPSHOT_TYPES
                : List.copyOf(snapshotTypes);
    }

    public SourceSettings(String sourceName, String sourceRoleArn, String externalId, String exportRoleArn,
                          DatabaseTarget target, List<String> snapshotTypes) {
        this(sourceName, sourceRoleArn, externalId, exportRoleArn, target, snapshotTypes, null);
    }

    public SourceAccess access() {
        return new SourceAccess(sourceRoleArn, sourceRoleArn == null ? null : externalId, region);
    }
}
