package dev.analysisplatform.export.catalog;

import java.util.List;

/**
 * One table of a completed RDS export, as RDS describes it in {@code export_tables_info_*.json}:
 * {@code target} is {@code database.schema.table} (PostgreSQL) or {@code database.table} (MySQL).
 */
public record ExportedTable(String target, String database, String schema, String table, List<Column> columns) {

    /** A column with its Glue (Hive) type, derived from the Parquet type RDS wrote. */
    public record Column(String name, String type, String originalType) {
    }

    public ExportedTable {
        columns = List.copyOf(columns);
    }

    /** Folder names RDS may use for this table under {@code <task>/<database>/}, most specific first. */
    List<String> candidateFolders() {
        return schema == null
                ? List.of(database + "." + table, table)
                : List.of(schema + "." + table, table);
    }
}
