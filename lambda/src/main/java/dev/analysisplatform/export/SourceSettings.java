package dev.analysisplatform.export;

import dev.analysisplatform.contract.Defaults;
import java.util.List;

/**
 * Which source to export and how to reach it. The function's environment provides defaults (all optional);
 * each invocation may override them field by field. Null means "not set".
 */
public record SourceSettings(
        String sourceName,
        String sourceRoleArn,
        String externalId,
        String exportRoleArn,
        DatabaseTarget target,
        List<String> snapshotTypes) {

    public static final List<String> DEFAULT_SNAPSHOT_TYPES = Defaults.SNAPSHOT_TYPES;

    public SourceSettings {
        snapshotTypes = snapshotTypes == null || snapshotTypes.isEmpty()
                ? DEFAULT_SNAPSHOT_TYPES
                : List.copyOf(snapshotTypes);
    }

    public SourceAccess access() {
        return sourceRoleArn == null ? SourceAccess.CALLER : new SourceAccess(sourceRoleArn, externalId);
    }
}
