package dev.analysisplatform.export;

import java.util.List;
import java.util.TreeSet;

/**
 * Which part of a snapshot an export holds: everything, or the {@code ExportOnly} list RDS was given. Part of
 * an export's identity: a task that exported two tables is not the export of the whole snapshot, and a full run
 * after a partial one must start its own task. Order and repetition of the names do not matter.
 */
public record ExportSelection(List<String> tables) {

    public static final ExportSelection ALL = new ExportSelection(List.of());

    public ExportSelection {
        tables = List.copyOf(new TreeSet<>(tables == null ? List.of() : tables));
    }

    public static ExportSelection of(List<String> exportOnly) {
        return exportOnly == null || exportOnly.isEmpty() ? ALL : new ExportSelection(exportOnly);
    }

    public boolean isAll() {
        return tables.isEmpty();
    }

    /** True when an existing task's {@code ExportOnly} list (empty for a full export) selects the same tables. */
    boolean matches(List<String> taskExportOnly) {
        return equals(of(taskExportOnly));
    }

    /** What the selection adds to the export task name's hash; nothing for a full export, so its names stay stable. */
    String identityPart() {
        return isAll() ? "" : "\nexportOnly=" + String.join(",", tables);
    }
}
