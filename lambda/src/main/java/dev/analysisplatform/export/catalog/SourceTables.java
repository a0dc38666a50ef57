package dev.analysisplatform.export.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The catalog as one registration finds it, read in bulk (GetTables, 100 tables a page) instead of table by table:
 * every Glue table whose name could collide with a name of this source's tables. Each table the platform writes
 * records whose it is (source, RDS table, current or history), so a name, once given, is read back rather than
 * decided again; that is what keeps a table's identity stable when a colliding name appears later.
 */
final class SourceTables {

    static final String SOURCE_PARAMETER = "analysis_platform.source";
    static final String TARGET_PARAMETER = "analysis_platform.rds_target";
    static final String ROLE_PARAMETER = "analysis_platform.role";
    static final String CURRENT = "current";
    static final String HISTORY = "history";

    private final String sourceName;
    private final Map<String, Table> byName = new LinkedHashMap<>();

    SourceTables(String sourceName, List<Table> tables) {
        this.sourceName = sourceName;
        tables.forEach(t -> byName.put(t.name(), t));
    }

    static SourceTables read(GlueTables glue, String sourceName) {
        return new SourceTables(sourceName, glue.tablesStartingWith(CatalogNames.sourcePrefix(sourceName)));
    }

    /** The name of the current table that holds {@code target} of this source, or null when it has none yet. */
    String currentName(String target) {
        return byName.values().stream().filter(t -> ownedBy(t, target) && CURRENT.equals(role(t)))
                .map(Table::name).sorted().findFirst().orElse(null);
    }

    /** True when no table is called {@code name}, or the one that is holds {@code target} of this source. */
    boolean freeFor(String name, String target) {
        Table existing = byName.get(name);
        return existing == null || ownedBy(existing, target);
    }

    /** This source's tables with {@code role} ({@link #CURRENT} or {@link #HISTORY}). */
    List<Table> owned(String role) {
        return byName.values().stream()
                .filter(t -> sourceName.equals(parameter(t, SOURCE_PARAMETER)) && role.equals(role(t))).toList();
    }

    Table get(String name) {
        return byName.get(name);
    }

    /** Whose a table is: the source and RDS table it was registered for. */
    boolean ownedBy(Table table, String target) {
        return ownedBy(table, sourceName, target);
    }

    /** True when {@code table} records that it holds {@code target} of {@code sourceName}. */
    static boolean ownedBy(Table table, String sourceName, String target) {
        return sourceName.equals(parameter(table, SOURCE_PARAMETER)) && target.equals(parameter(table, TARGET_PARAMETER));
    }

    static String parameter(Table table, String name) {
        return table.parameters() == null ? null : table.parameters().get(name);
    }

    /** Tables registered before the role was recorded are told apart by their partition keys. */
    static String role(Table table) {
        String role = parameter(table, ROLE_PARAMETER);
        if (role != null) {
            return role;
        }
        boolean history = table.partitionKeys().stream().map(Column::name)
                .anyMatch(k -> Objects.equals(k, CatalogRegistrar.EXPORT_KEY));
        return history ? HISTORY : CURRENT;
    }
}
