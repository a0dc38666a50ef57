package dev.analysisplatform.export.catalog;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.export.errors.CatalogRegistrationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads RDS's {@code export_tables_info_<task>_from_<n>_to_<m>.json} files: which tables were exported
 * completely, with which columns. Tables whose export did not complete are listed in {@link #skipped}.
 */
public final class ExportTablesInfo {

    public final List<ExportedTable> tables = new ArrayList<>();
    public final List<String> skipped = new ArrayList<>();
    /** Columns whose Parquet type was not recognised; declared as string so the table stays readable. */
    public final List<String> warnings = new ArrayList<>();

    /** Adds the tables of one metadata file (an export writes one or more). */
    @SuppressWarnings("unchecked")
    public ExportTablesInfo add(String json, String fileName) {
        Map<String, Object> root;
        try {
            root = JSON.std.mapFrom(json);
        } catch (IOException e) {
            throw new CatalogRegistrationException(fileName + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root.get("perTableStatus") instanceof List<?> statuses)) {
            throw new CatalogRegistrationException(fileName + " has no perTableStatus list");
        }
        for (Object entry : statuses) {
            Map<String, Object> status = (Map<String, Object>) entry;
            String target = String.valueOf(status.get("target"));
            if (!"COMPLETE".equalsIgnoreCase(String.valueOf(status.get("status")))) {
                skipped.add(target + " (" + status.get("status") + ")");
                continue;
            }
            tables.add(table(target, status, fileName));
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    private ExportedTable table(String target, Map<String, Object> status, String fileName) {
        String[] parts = target.split("\\.", 3);
        if (parts.length < 2) {
            throw new CatalogRegistrationException(fileName + ": unexpected target '" + target
                    + "' (expected database.table or database.schema.table)");
        }
        Object metadata = status.get("schemaMetadata") instanceof Map<?, ?> m ? m.get("originalTypeMappings") : null;
        List<ExportedTable.Column> columns = new ArrayList<>();
        if (metadata instanceof List<?> mappings) {
            for (Object mapping : mappings) {
                Map<String, Object> column = (Map<String, Object>) mapping;
                String name = String.valueOf(column.get("columnName")).toLowerCase(Locale.ROOT);
                String exported = String.valueOf(column.get("expectedExportedType"));
                String type = ParquetTypes.glueType(exported);
                if (type == null) {
                    warnings.add(target + "." + name + ": unknown Parquet type '" + exported + "', declared as string");
                    type = "string";
                }
                columns.add(new ExportedTable.Column(name, type, String.valueOf(column.get("originalType"))));
            }
        }
        return parts.length == 3
                ? new ExportedTable(target, parts[0], parts[1], parts[2], columns)
                : new ExportedTable(target, parts[0], null, parts[1], columns);
    }
}
