package dev.analysisplatform.export.catalog;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The export task's {@code WarningMessage} (DescribeExportTasks): RDS reports there the tables it skipped,
 * {@code {"skippedTables":[...],"general":[...]}}, and such a table may have no entry of its own in
 * {@code export_tables_info}. AWS documents the field only as "A warning about the snapshot or cluster export task",
 * so anything that is not that JSON is kept whole as a general warning, never dropped and never fatal.
 */
final class TaskWarnings {

    final List<String> skippedTables = new ArrayList<>();
    final List<String> general = new ArrayList<>();

    static TaskWarnings parse(String warningMessage) {
        TaskWarnings warnings = new TaskWarnings();
        if (warningMessage == null || warningMessage.isBlank()) {
            return warnings;
        }
        Object root;
        try {
            root = JSON.std.anyFrom(warningMessage);
        } catch (IOException | RuntimeException notJson) {
            root = null;
        }
        if (!(root instanceof Map<?, ?> map)) {
            warnings.general.add(warningMessage);
            return warnings;
        }
        if (map.get("skippedTables") instanceof List<?> skipped) {
            skipped.forEach(s -> warnings.skippedTables.add(target(s)));
        }
        if (map.get("general") instanceof List<?> general) {
            general.forEach(g -> warnings.general.add(String.valueOf(g)));
        }
        map.keySet().stream().filter(k -> !"skippedTables".equals(k) && !"general".equals(k))
                .forEach(k -> warnings.general.add(k + ": " + map.get(k)));
        return warnings;
    }

    private static String target(Object skipped) {
        if (skipped instanceof Map<?, ?> entry) {
            for (String field : List.of("target", "tableName", "name")) {
                if (entry.get(field) instanceof String name && !name.isBlank()) {
                    return name;
                }
            }
        }
        return String.valueOf(skipped);
    }
}
