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
 * partition with the type it declares and casts it to the table's (Athena, "Change a column data type": "For
 * partitioned tables in Parquet and ORC, a partition's column type can be different from another partition's column
 * type, and Athena will CAST to the desired type, if possible"). Athena documents which casts are possible; a change
 * outside them (bigint to string, int to smallint) leaves the older exports readable only by queries that filter them
 * out, so {@link #unreadable} names each such column for the registration's warnings.
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

    /**
     * Athena's table of types that "can be treated as" others ("Change a column data type", "Use compatible data
     * types"): STRING as BYTE, TINYINT, SMALLINT, INT, BIGINT; TINYINT as SMALLINT, INT, BIGINT; SMALLINT as INT,
     * BIGINT; INT as BIGINT; FLOAT as DOUBLE. Glue's {@code string} is STRING.
     */
    private static final Map<String, List<String>> READABLE_AS = Map.of(
            "string", List.of("tinyint", "smallint", "int", "bigint"),
            "tinyint", List.of("smallint", "int", "bigint"),
            "smallint", List.of("int", "bigint"),
            "int", List.of("bigint"),
            "float", List.of("double"));

    static boolean readableAs(String declared, String wanted) {
        return declared.equals(wanted) || READABLE_AS.getOrDefault(declared, List.of()).contains(wanted);
    }

    /** "column: type in export X cannot be read as the table's type" for every export whose type Athena cannot cast. */
    static List<String> unreadable(List<ExportColumns> exports, List<Column> union) {
        Map<String, String> types = new LinkedHashMap<>();
        union.forEach(c -> types.put(c.name(), c.type()));
        List<String> problems = new ArrayList<>();
        for (ExportColumns export : exports) {
            for (Column column : export.columns()) {
                String wanted = types.get(column.name());
                if (wanted != null && !readableAs(column.type(), wanted)) {
                    problems.add(column.name() + " is " + column.type() + " in export " + export.exportTask()
                            + " and " + wanted + " in the newest; Athena cannot read the one as the other, so queries "
                            + "of the history table must filter that export out (WHERE export_task <> '"
                            + export.exportTask() + "')");
                }
            }
        }
        return problems;
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
