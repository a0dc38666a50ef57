package dev.analysisplatform.export.catalog;

import java.util.Locale;

/**
 * Stable Glue table names: {@code <source>_<database>_<schema>_<table>} (PostgreSQL) or
 * {@code <source>_<database>_<table>} (MySQL), lowercase, letters, digits and underscores. The same table of
 * the same source always gets the same name, whatever the export; its history table adds {@code _history}.
 */
public final class CatalogNames {

    static final String HISTORY_SUFFIX = "_history";
    /** Glue allows 255; leave room for the history suffix. */
    static final int MAX_LENGTH = 255 - HISTORY_SUFFIX.length();

    private CatalogNames() {
    }

    public static String tableName(String sourceName, ExportedTable table) {
        String raw = sourceName + "_" + table.database() + "_" + (table.schema() == null ? "" : table.schema() + "_")
                + table.table();
        String name = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("_{2,}", "_")
                .replaceAll("^_|_$", "");
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }

    public static String historyName(String tableName) {
        return tableName + HISTORY_SUFFIX;
    }
}
