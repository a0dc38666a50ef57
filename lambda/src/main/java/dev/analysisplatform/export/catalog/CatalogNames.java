package dev.analysisplatform.export.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stable Glue table names: {@code <source>_<database>_<schema>_<table>} (PostgreSQL) or
 * {@code <source>_<database>_<table>} (MySQL), lowercase, letters, digits and underscores. The same table of
 * the same source always gets the same name, whatever the export; its history table adds {@code _history}.
 *
 * <p>A name, once given, stays with its RDS table: the catalog records whose each table is (see {@link SourceTables}),
 * and a table that already has a name keeps it whatever else appears later. Two RDS tables can map to one name
 * ({@code Orders} and {@code orders}, {@code order-items} and {@code order_items}), and a table's name plus
 * {@code _history} can be another table's name ({@code orders} and {@code orders_history}). A newcomer whose name
 * (or whose history name) is taken, by a table registered earlier or by one that comes first in this export, gets
 * {@code _<8 hex digits of SHA-256 of its RDS name>}. Among newcomers of one export, a table already spelled as its
 * Glue name comes first, so the result does not depend on the order of RDS's metadata. Nothing is dropped, nothing
 * is ever renamed, and no Glue table holds two RDS tables.
 */
public final class CatalogNames {

    static final String HISTORY_SUFFIX = "_history";
    /** Glue allows 255; leave room for the history suffix. */
    static final int MAX_LENGTH = 255 - HISTORY_SUFFIX.length();
    private static final int HASH_DIGITS = 8;

    private CatalogNames() {
    }

    public static String tableName(String sourceName, ExportedTable table) {
        String name = sanitize(rawName(sourceName, table));
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }

    private static String sanitize(String raw) {
        return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("_{2,}", "_")
                .replaceAll("^_|_$", "");
    }

    /** A name for every table of one export in an empty catalog; {@code renamed} receives what was changed. */
    public static Map<ExportedTable, String> assign(String sourceName, List<ExportedTable> tables, List<String> renamed) {
        return assign(sourceName, tables, new SourceTables(sourceName, List.of()), renamed);
    }

    /**
     * A name for every table of one export, distinct from each other and from every table the catalog holds for
     * other RDS tables; a table the catalog already holds keeps its name. {@code renamed} receives each newcomer
     * that could not have its plain name, and why.
     */
    static Map<ExportedTable, String> assign(String sourceName, List<ExportedTable> tables, SourceTables catalog,
                                             List<String> renamed) {
        Map<ExportedTable, String> names = new LinkedHashMap<>();
        Map<String, String> reserved = new HashMap<>();
        List<ExportedTable> newcomers = new ArrayList<>();
        for (ExportedTable table : tables) {
            String owned = catalog.currentName(table.target());
            if (owned == null) {
                newcomers.add(table);
            } else {
                names.put(table, owned);
                reserve(reserved, owned, table);
            }
        }
        newcomers.sort(Comparator.comparing((ExportedTable t) -> !rawName(sourceName, t).equals(tableName(sourceName, t)))
                .thenComparing(ExportedTable::target));
        for (ExportedTable table : newcomers) {
            String name = tableName(sourceName, table);
            String assigned = name;
            for (int salt = 0; !free(assigned, table, reserved, catalog); salt++) {
                assigned = disambiguated(name, table, salt);
            }
            names.put(table, assigned);
            if (!assigned.equals(name)) {
                String holder = reserved.getOrDefault(name, reserved.getOrDefault(historyName(name), "an earlier table"));
                renamed.add(table.target() + ": registered as " + assigned + " (its name " + name + " or "
                        + historyName(name) + " is " + holder + "'s)");
            }
            reserve(reserved, assigned, table);
        }
        Map<ExportedTable, String> inOrder = new LinkedHashMap<>();
        tables.forEach(t -> inOrder.put(t, names.get(t)));
        return inOrder;
    }

    /** The prefix every table name of {@code sourceName} starts with. */
    static String sourcePrefix(String sourceName) {
        return sanitize(sourceName);
    }

    private static void reserve(Map<String, String> reserved, String name, ExportedTable table) {
        reserved.put(name, table.target());
        reserved.put(historyName(name), table.target());
    }

    private static boolean free(String name, ExportedTable table, Map<String, String> reserved, SourceTables catalog) {
        return !reserved.containsKey(name) && !reserved.containsKey(historyName(name))
                && catalog.freeFor(name, table.target()) && catalog.freeFor(historyName(name), table.target());
    }

    public static String historyName(String tableName) {
        return tableName + HISTORY_SUFFIX;
    }

    private static String rawName(String sourceName, ExportedTable table) {
        return sourceName + "_" + table.database() + "_" + (table.schema() == null ? "" : table.schema() + "_")
                + table.table();
    }

    private static String disambiguated(String name, ExportedTable table, int salt) {
        String base = name.length() > MAX_LENGTH - HASH_DIGITS - 1 ? name.substring(0, MAX_LENGTH - HASH_DIGITS - 1) : name;
        return base + "_" + sha256(salt == 0 ? table.target() : table.target() + "#" + salt).substring(0, HASH_DIGITS);
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
