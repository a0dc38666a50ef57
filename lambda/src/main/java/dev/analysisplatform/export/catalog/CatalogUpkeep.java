package dev.analysisplatform.export.catalog;

import dev.analysisplatform.export.errors.CatalogRegistrationException;
import dev.analysisplatform.export.runtime.DecisionLog;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The tables of a source that an export did not refresh: nothing about them may be silent.
 * <ul>
 *   <li>A table RDS failed or skipped, or listed COMPLETE without its data, keeps its previous export as its current
 *       table, marked stale: {@value #STALE_SINCE_PARAMETER} (the snapshot time of the first export that did not
 *       refresh it) and {@value #STALE_REASON_PARAMETER}. Analysts see both with {@code SHOW TBLPROPERTIES}; the
 *       next export that brings the table replaces them. A table that never had data has no Glue table, and is
 *       named all the same.</li>
 *   <li>A table no longer in the export (dropped from the database, or no longer selected) is marked stale the same
 *       way and counted apart: that is expected after a schema change, not a failure.</li>
 *   <li>When the export a current table points to has been deleted by the bucket's lifecycle rule, the table is
 *       deleted rather than left empty, and named as incomplete.</li>
 *   <li>History partitions of deleted exports are removed; a history table with none left, whose current table is
 *       gone too, is deleted.</li>
 * </ul>
 * Only the newest export changes anything here: registering an older one again never marks a newer table stale.
 */
final class CatalogUpkeep {

    static final String STALE_SINCE_PARAMETER = "analysis_platform.stale_since";
    static final String STALE_REASON_PARAMETER = "analysis_platform.stale_reason";

    private enum Result { MISSING, NEWER, STALE, RETIRED }

    private final GlueTables tables;
    private final SourceTables catalog;
    private final RegisteredExport export;
    private final Set<String> retained;
    private final DecisionLog log;

    CatalogUpkeep(GlueTables tables, SourceTables catalog, RegisteredExport export, Set<String> retained,
                  DecisionLog log) {
        this.tables = tables;
        this.catalog = catalog;
        this.export = export;
        this.retained = retained;
        this.log = log;
    }

    /**
     * @param incomplete tables of this export that brought no data
     * @param listed     every table this export names, complete or not
     * @param fresh      the tables this registration registered (their history tables are kept by the registrar)
     */
    void apply(List<IncompleteTable> incomplete, Set<String> listed, Set<String> fresh, RegistrationSummary summary) {
        for (IncompleteTable table : incomplete) {
            String name = catalog.currentName(table.target());
            Result result = name == null ? Result.MISSING : staleOrRetire(name, table.reason());
            String reported = switch (result) {
                case MISSING -> table + ": no table in the catalog yet";
                case RETIRED -> table + ": its last export was deleted by the lifecycle rule; " + name + " removed";
                default -> table + ": " + name + " keeps an earlier export";
            };
            summary.incomplete(export.sourceName() + ": " + reported);
            log.record("table_incomplete", "exportTaskIdentifier", export.exportTaskIdentifier(),
                    "target", table.target(), "table", name, "result", result.name(), "reason", table.reason());
        }
        for (Table current : catalog.owned(SourceTables.CURRENT)) {
            String target = SourceTables.parameter(current, SourceTables.TARGET_PARAMETER);
            if (target == null || listed.contains(target)) {
                continue;
            }
            Result result = staleOrRetire(current.name(), "not in export " + export.exportTaskIdentifier()
                    + ": dropped from the database, or no longer exported");
            if (result == Result.RETIRED) {
                summary.incomplete(export.sourceName() + ": " + target + ": no longer exported, and its last export was deleted by the lifecycle "
                        + "rule; " + current.name() + " removed");
            } else if (result == Result.STALE) {
                summary.absent();
            }
            log.record("table_absent", "exportTaskIdentifier", export.exportTaskIdentifier(), "target", target,
                    "table", current.name(), "result", result.name());
        }
        for (Table history : catalog.owned(SourceTables.HISTORY)) {
            String target = SourceTables.parameter(history, SourceTables.TARGET_PARAMETER);
            if (target == null || !fresh.contains(target)) {
                prune(history.name(), target);
            }
        }
    }

    private Result staleOrRetire(String name, String reason) {
        for (int attempt = 1; attempt <= CatalogRegistrar.MAX_ATTEMPTS; attempt++) {
            Table table = tables.get(name);
            if (table == null) {
                return Result.MISSING;
            }
            String tableExport = SourceTables.parameter(table, CatalogRegistrar.EXPORT_PARAMETER);
            if (CatalogRegistrar.isNewer(table, export) || export.exportTaskIdentifier().equals(tableExport)) {
                return Result.NEWER;
            }
            if (tableExport != null && !retained.contains(tableExport)) {
                tables.delete(name);
                return Result.RETIRED;
            }
            Map<String, String> parameters = new HashMap<>(table.parameters());
            parameters.putIfAbsent(STALE_SINCE_PARAMETER, String.valueOf(export.snapshotCreateTime() == null
                    ? Instant.now() : export.snapshotCreateTime()));
            parameters.put(STALE_REASON_PARAMETER, reason);
            if (parameters.equals(table.parameters())
                    || tables.update(GlueTables.asInput(table).toBuilder().parameters(parameters).build(), table)) {
                return Result.STALE;
            }
        }
        throw new CatalogRegistrationException("Glue table " + tables.database
                + "." + name + " kept changing while it was marked stale; other registrations are running. Retry the step.");
    }

    /** Removes the partitions of deleted exports; a history table left without any, and without its current table, goes. */
    private void prune(String name, String target) {
        String current = target == null ? null : catalog.currentName(target);
        if (tables.keepRetained(name, retained).isEmpty() && (current == null || tables.get(current) == null)) {
            tables.delete(name);
            log.record("history_removed", "table", name, "target", target);
        }
    }
}
