package dev.analysisplatform.export.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Partition;

/**
 * The columns of a {@code _history} table: the union of the columns of every export it still holds, so a column
 * dropped from the database stays queryable in the exports that had it (null in the others). The newest export
 * decides order and type: its columns first, as it has them, then the columns only older exports have, newest
 * first. Each partition keeps the columns its own export had; where a type changed, the engine reads an older
 * partition with the type it declares and converts it to the table's (Athena: "Updates in tables with partitions";
 * Trino's Hive connector does the same), which query-test/ checks for the changes RDS databases make.
 */
final class HistorySchema {

    /** The columns one export had, and when its snapshot was taken (null for partitions registered before that). */
    record ExportColumns(String exportTask, Instant snapshotTime, List<Column> columns) {
    }

    private HistorySchema() {
    }

    static List<Column> union(List<ExportColumns> exports) {
        List<ExportColumns> newestFirst = new ArrayList<>(exports);
        newestFirst.sort(Comparator.comparing(ExportColumns::snapshotTime, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(ExportColumns::exportTask, Comparator.reverseOrder()));
        Map<String, Column> byName = new LinkedHashMap<>();
        newestFirst.forEach(e -> e.columns().forEach(c -> byName.putIfAbsent(c.name(), c)));
        return List.copyOf(byName.values());
    }

    /** One entry per export among {@code partitions} (values: export task, RDS partition). */
    static List<ExportColumns> of(List<Partition> partitions) {
        Map<String, ExportColumns> byExport = new LinkedHashMap<>();
        for (Partition partition : partitions) {
            String time = partition.parameters() == null ? null
                    : partition.parameters().get(CatalogRegistrar.SNAPSHOT_TIME_PARAMETER);
            byExport.putIfAbsent(partition.values().get(0), new ExportColumns(partition.values().get(0),
                    time == null ? null : Instant.parse(time), partition.storageDescriptor().columns()));
        }
        return List.copyOf(byExport.values());
    }
}
