package dev.analysisplatform.export.catalog;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.export.errors.CatalogRegistrationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads RDS's {@code export_tables_info_<task>_from_<n>_to_<m>.json} files: which tables were exported
 * completely, with which columns. Tables whose export did not complete are listed in {@link #skipped}; tables RDS
 * exported but the catalog cannot describe faithfully (a column without a name, two columns whose names differ
 * only in case, which Athena cannot tell apart), and entries that are not what RDS writes, are listed in
 * {@link #invalid} and never registered half-right. Neither stops the other tables: only a file that is not an
 * {@code export_tables_info} file at all fails as a whole.
 *
 * <p>RDS also puts database-level entries into {@code perTableStatus}: {@code target} is the database alone, with a
 * {@code warningMessage} (seen in real files, e.g. WordPress/openverse#2669). They describe no table, whatever their
 * {@code status}, and become {@link #warnings}.
 */
public final class ExportTablesInfo {

    public final List<ExportedTable> tables = new ArrayList<>();
    public final List<IncompleteTable> skipped = new ArrayList<>();
    /** Columns whose Parquet type was not recognised; declared by their physical type so the table stays readable. */
    public final List<String> warnings = new ArrayList<>();
    /** "target: reason" for each exported table that cannot be registered as it is. */
    public final List<String> invalid = new ArrayList<>();

    /** Adds the tables of one metadata file (an export writes one or more). */
    public ExportTablesInfo add(String json, String fileName) {
        Object root;
        try {
            root = JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new CatalogRegistrationException(fileName + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> rootMap) || !(rootMap.get("perTableStatus") instanceof List<?> statuses)) {
            throw new CatalogRegistrationException(fileName + " has no perTableStatus list");
        }
        for (int i = 0; i < statuses.size(); i++) {
            String entry = fileName + " perTableStatus[" + i + "]";
            try {
                entry(statuses.get(i), entry);
            } catch (CatalogRegistrationException e) {
                invalid.add(e.getMessage());
            }
        }
        return this;
    }

    private void entry(Object value, String entry) {
        Map<?, ?> status = object(value, entry);
        String target = text(status.get("target"), entry + ".target");
        if (!target.contains(".")) {
            warnings.add("database " + target + ": " + (status.get("warningMessage") instanceof String message
                    ? message : "entry without a table (status " + status.get("status") + ")"));
            return;
        }
        if (!"COMPLETE".equalsIgnoreCase(String.valueOf(status.get("status")))) {
            skipped.add(new IncompleteTable(target, "RDS export status " + status.get("status")
                    + (status.get("warningMessage") instanceof String message ? ": " + message : "")));
            return;
        }
        table(target, status, entry);
    }

    private void table(String target, Map<?, ?> status, String entry) {
        String[] parts = target.split("\\.", 3);
        if (parts.length < 2 || List.of(parts).stream().anyMatch(String::isEmpty)) {
            throw new CatalogRegistrationException(entry + ": unexpected target '" + target
                    + "' (expected database.table or database.schema.table)");
        }
        Object metadata = status.get("schemaMetadata") instanceof Map<?, ?> m ? m.get("originalTypeMappings") : null;
        if (metadata != null && !(metadata instanceof List<?>)) {
            throw new CatalogRegistrationException(entry + ".schemaMetadata.originalTypeMappings is not a list");
        }
        List<?> mappings = metadata == null ? List.of() : (List<?>) metadata;
        Map<String, String> seen = new LinkedHashMap<>();
        List<ExportedTable.Column> columns = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int c = 0; c < mappings.size(); c++) {
            String where = entry + ".schemaMetadata.originalTypeMappings[" + c + "]";
            Map<?, ?> column = object(mappings.get(c), where);
            if (!(column.get("columnName") instanceof String raw) || raw.isBlank()) {
                problems.add("column " + (c + 1) + " has no name");
                continue;
            }
            String name = raw.toLowerCase(Locale.ROOT);
            String clash = seen.putIfAbsent(name, raw);
            if (clash != null) {
                problems.add("columns '" + clash + "' and '" + raw + "' differ only in case, which Athena cannot tell apart");
                continue;
            }
            String exported = text(column.get("expectedExportedType"), where + ".expectedExportedType");
            String original = column.get("originalType") instanceof String o ? o : null;
            String type = ParquetTypes.glueType(exported, original);
            if (type == null) {
                type = ParquetTypes.physicalType(exported);
                warnings.add(target + "." + name + ": unknown Parquet type '" + exported + "', declared as " + type);
            }
            columns.add(new ExportedTable.Column(name, type, String.valueOf(original)));
        }
        if (!problems.isEmpty()) {
            invalid.add(target + ": " + String.join("; ", problems));
            return;
        }
        Double size = status.get("sizeGB") instanceof Number n ? n.doubleValue() : null;
        tables.add(parts.length == 3
                ? new ExportedTable(target, parts[0], parts[1], parts[2], columns, size)
                : new ExportedTable(target, parts[0], null, parts[1], columns, size));
    }

    private static Map<?, ?> object(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new CatalogRegistrationException(where + " is not an object but " + describe(value));
        }
        return map;
    }

    private static String text(Object value, String where) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw new CatalogRegistrationException(where + " is not a non-empty string but " + describe(value));
        }
        return text;
    }

    private static String describe(Object value) {
        return value == null ? "missing" : value instanceof List<?> ? "an array"
                : value instanceof Map<?, ?> ? "an object" : "'" + value + "'";
    }
}
