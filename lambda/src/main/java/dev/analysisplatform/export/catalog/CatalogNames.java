package dev.analysisplatform.export.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Stable Glue table names: {@code <source>_<database>_<schema>_<table>} (PostgreSQL) or
 * {@code <source>_<database>_<table>} (MySQL), lowercase, letters, digits and underscores. The same table of
 * the same source always gets the same name, whatever the export; its history table adds {@code _history}.
 *
 * <p>Two RDS tables can map to one name ({@code Orders} and {@code orders}, {@code order-items} and
 * {@code order_items}). Then the table already spelled as its Glue name keeps it, and every other one gets
 * {@code _<8 hex digits of SHA-256 of its RDS name>}: distinct, the same in every export, and independent of the
 * order in RDS's metadata. Nothing is dropped.
 */
public final class CatalogNames {

    static final String HISTORY_SUFFIX = "_history";
    /** Glue allows 255; leave room for the history suffix. */
    static final int MAX_LENGTH = 255 - HISTORY_SUFFIX.length();
    private static final int HASH_DIGITS = 8;

    private CatalogNames() {
    }

    public static String tableName(String sourceName, ExportedTable table) {
        String name = rawName(sourceName, table).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_")
                .replaceAll("_{2,}", "_").replaceAll("^_|_$", "");
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }

    /** A name for every table of one export, distinct from each other; {@code renamed} receives what was changed. */
    public static Map<ExportedTable, String> assign(String sourceName, List<ExportedTable> tables, List<String> renamed) {
        Map<String, List<ExportedTable>> byName = tables.stream().collect(Collectors.groupingBy(
                t -> tableName(sourceName, t), LinkedHashMap::new, Collectors.toList()));
        Map<ExportedTable, String> names = new LinkedHashMap<>();
        byName.forEach((name, group) -> {
            for (ExportedTable table : group) {
                boolean keeps = group.size() == 1 || rawName(sourceName, table).equals(name);
                String assigned = keeps ? name : disambiguated(name, table);
                names.put(table, assigned);
                if (!keeps) {
                    renamed.add(table.target() + ": registered as " + assigned + " (its name " + name
                            + " is shared with " + group.stream().filter(t -> t != table).map(ExportedTable::target)
                            .toList() + ")");
                }
            }
        });
        return names;
    }

    public static String historyName(String tableName) {
        return tableName + HISTORY_SUFFIX;
    }

    private static String rawName(String sourceName, ExportedTable table) {
        return sourceName + "_" + table.database() + "_" + (table.schema() == null ? "" : table.schema() + "_")
                + table.table();
    }

    private static String disambiguated(String name, ExportedTable table) {
        String base = name.length() > MAX_LENGTH - HASH_DIGITS - 1 ? name.substring(0, MAX_LENGTH - HASH_DIGITS - 1) : name;
        return base + "_" + sha256(table.target()).substring(0, HASH_DIGITS);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
