package dev.analysisplatform.export.catalog;

import java.util.List;

/**
 * One table of a completed RDS export, as RDS describes it in {@code export_tables_info_*.json}:
 * {@code target} is {@code database.schema.table} (PostgreSQL) or {@code database.table} (MySQL).
 */
public record ExportedTable(String target, String database, String schema, String table, List<Column> columns,
                            Double sizeGb) {

    /** A column with its Glue (Hive) type, derived from the Parquet type RDS wrote. */
    public record Column(String name, String type, String originalType) {
    }

    public ExportedTable {
        columns = List.copyOf(columns);
    }

    /** A table whose size RDS did not report. */
    public ExportedTable(String target, String database, String schema, String table, List<Column> columns) {
        this(target, database, schema, table, columns, null);
    }

    /** RDS reported data for it ({@code sizeGB} above zero), so a missing data folder is a defect, not an empty table. */
    boolean expectsData() {
        return sizeGb != null && sizeGb > 0;
    }

    /** Folder names RDS may use for this table under {@code <task>/<database>/}, most specific first. */
    List<String> candidateFolders() {
        String t = pathSafe(table);
        return schema == null
                ? List.of(pathSafe(database) + "." + t, t)
                : List.of(pathSafe(schema) + "." + t, t);
    }

    /** The database's folder under {@code <task>/}. */
    String databaseFolder() {
        return pathSafe(database);
    }

    /**
     * RDS writes names into S3 keys with backslash, backtick, double quote and space replaced by '_'. AWS, "Considerations
     * for DB cluster exports", Limitations: "The following characters in the S3 file path are converted to underscores
     * (_) during export: \ ` " (space)".
     */
    static String pathSafe(String name) {
        return name.replaceAll("[\\\\`\" ]", "_");
    }
}
