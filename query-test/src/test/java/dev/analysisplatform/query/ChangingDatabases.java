package dev.analysisplatform.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two databases that change every day, as the scenario LakeOverTimeIntegrationTest plays: what each daily export of
 * them holds, table by table, and therefore what the catalog must answer. Every change a real database goes through
 * within a month happens at least once: a table added (audit, day 6) and dropped (archive, after day 7), a name
 * colliding with an older one (events next to Events, day 10), a column added (discount, day 5), dropped (note,
 * day 12) and widened (qty int to bigint, day 18), a table RDS fails (customers, days 20 and 21; refunds in its first
 * export) or skips (big_blob, day 15, named only in the task's WarningMessage), a partitioned table (measurements,
 * three batch folders), an empty table (no folder at all), and a database-level warning entry marked COMPLETE.
 */
final class ChangingDatabases {

    static final int DAYS = 30;
    /** The lifecycle rule keeps this many daily exports. */
    static final int RETAINED = 7;

    record Col(String name, String originalType, String exportedType) {
    }

    /** One table in one export: RDS's status, the columns it had, and its rows per batch folder. */
    record TableExport(String target, String status, List<Col> columns, List<List<List<String>>> partitions,
                       boolean skippedByTask) {

        boolean good() {
            return "COMPLETE".equals(status) && !skippedByTask;
        }

        List<List<String>> rows() {
            return partitions.stream().flatMap(List::stream).toList();
        }
    }

    record Source(String name, String engine, String database) {
        String task(int day) {
            return "exp-" + name + "-day" + String.format("%02d", day);
        }

        String prefix() {
            return "exports/" + name;
        }

        String snapshotTime(int day) {
            return "2026-11-%02dT03:00:00Z".formatted(day);
        }
    }

    static final Source SHOP = new Source("shop", "postgres", "shop");
    static final Source BILLING = new Source("billing", "mysql", "billing");
    static final List<Source> SOURCES = List.of(SHOP, BILLING);

    private static final Col ID = new Col("id", "bigint", "int64");

    private ChangingDatabases() {
    }

    /** What the export of {@code source} on {@code day} holds. */
    static List<TableExport> export(Source source, int day) {
        return source == SHOP ? shop(day) : billing(day);
    }

    private static List<TableExport> shop(int d) {
        List<TableExport> tables = new ArrayList<>();
        List<Col> orderColumns = new ArrayList<>(List.of(ID, new Col("total", "numeric", "binary (UTF8)")));
        if (d < 12) {
            orderColumns.add(new Col("note", "text", "binary (UTF8)"));
        }
        orderColumns.add(d < 18 ? new Col("qty", "integer", "int32") : new Col("qty", "bigint", "int64"));
        if (d >= 5) {
            orderColumns.add(new Col("discount", "numeric", "binary (UTF8)"));
        }
        List<List<String>> orders = new ArrayList<>();
        for (int i = 1; i <= 3 + d % 4; i++) {
            List<String> row = new ArrayList<>();
            for (Col c : orderColumns) {
                row.add(switch (c.name()) {
                    case "id" -> String.valueOf(i);
                    case "total" -> i + "." + d;
                    case "note" -> i % 3 == 0 ? null : "note " + d + "-" + i;
                    case "qty" -> String.valueOf(i * d);
                    default -> "0." + d;
                });
            }
            orders.add(row);
        }
        tables.add(complete("shop.public.orders", orderColumns, List.of(orders)));
        tables.add(d == 20 || d == 21
                ? new TableExport("shop.public.customers", "FAILED", List.of(), List.of(), false)
                : complete("shop.public.customers", List.of(ID, new Col("name", "character varying", "binary (UTF8)")),
                        List.of(List.of(List.of("1", "Ana " + d), List.of("2", "Bo " + d)))));
        tables.add(complete("shop.public.Events", List.of(ID, new Col("kind", "text", "binary (UTF8)")),
                List.of(List.of(List.of("1", "click " + d)))));
        if (d >= 10) {
            tables.add(complete("shop.public.events", List.of(ID, new Col("payload", "jsonb", "binary (UTF8)")),
                    List.of(List.of(List.of("7", "{\"day\": " + d + "}")))));
        }
        if (d <= 7) {
            tables.add(complete("shop.public.archive", List.of(ID), List.of(List.of(List.of(String.valueOf(d))))));
        }
        if (d >= 6) {
            tables.add(complete("shop.public.audit", List.of(ID, new Col("at", "timestamp with time zone",
                    "binary (UTF8)")), List.of(List.of(List.of("1", "2026-11-%02d 03:00:00+00".formatted(d))))));
        }
        tables.add(complete("shop.public.measurements", List.of(ID, new Col("value", "double precision", "double")),
                List.of(List.of(List.of("1", d + ".5")), List.of(List.of("2", "2.25"), List.of("3", "-1.0")),
                        List.of(List.of("4", String.valueOf(d))))));
        tables.add(complete("shop.public.empty_table", List.of(ID), List.of()));
        tables.add(new TableExport("shop.public.big_blob", "COMPLETE", List.of(ID, new Col("blob", "bytea", "binary")),
                List.of(List.of(List.of("1", "0x0a0b"))), d == 15));
        return tables;
    }

    private static List<TableExport> billing(int d) {
        List<TableExport> tables = new ArrayList<>();
        tables.add(complete("billing.invoices", List.of(ID, new Col("amount", "decimal",
                "fixed_len_byte_array(5) (DECIMAL(10,2))")), List.of(List.of(List.of("10", d + ".50"),
                List.of("11", "99.95")))));
        tables.add(d == 1
                ? new TableExport("billing.refunds", "FAILED", List.of(), List.of(), false)
                : complete("billing.refunds", List.of(ID, new Col("reason", "varchar", "binary (UTF8)")),
                        List.of(List.of(List.of("1", "late " + d)))));
        return tables;
    }

    private static TableExport complete(String target, List<Col> columns, List<List<List<String>>> partitions) {
        return new TableExport(target, "COMPLETE", columns, partitions, false);
    }

    /** The simulation's spec (tools/rds_export_simulation.py write) for every export of every source. */
    static List<Map<String, Object>> spec() {
        List<Map<String, Object>> exports = new ArrayList<>();
        for (Source source : SOURCES) {
            for (int day = 1; day <= DAYS; day++) {
                Map<String, Object> export = new LinkedHashMap<>();
                export.put("prefix", source.prefix());
                export.put("task", source.task(day));
                export.put("engine", source.engine());
                export.put("filesPerBatch", 3);
                export.put("metadataFilesMax", 3);
                export.put("rowGroupSize", 2);
                export.put("dataPageSize", 64);
                if (day % 5 == 0) {
                    export.put("warnings", List.of(Map.of("target", source.database(), "status", "COMPLETE",
                            "warningMessage", "Some objects of the database were not exported")));
                }
                List<Map<String, Object>> tables = new ArrayList<>();
                for (TableExport table : export(source, day)) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("target", table.target());
                    entry.put("status", table.skippedByTask() ? "SKIPPED" : table.status());
                    entry.put("columns", table.columns().stream().map(c -> Map.of("name", c.name(), "originalType",
                            c.originalType(), "exportedType", c.exportedType())).toList());
                    entry.put("partitions", table.partitions());
                    tables.add(entry);
                }
                export.put("tables", tables);
                exports.add(export);
            }
        }
        return exports;
    }
}
