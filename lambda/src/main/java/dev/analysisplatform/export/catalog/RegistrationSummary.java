package dev.analysisplatform.export.catalog;

import dev.analysisplatform.contract.ExportOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What registration returns to the state machine: counts and a short sample, never one entry per table. Step
 * Functions caps every state's input and output at 256 KiB (AWS, "Step Functions service quotas": "Maximum input or
 * output size for a task, state, or execution: 256 KiB of data as a UTF-8 encoded string"), and a database can have
 * thousands of tables; the full per-table detail is in the function's log.
 */
final class RegistrationSummary {

    /** How many registered tables the summary names; the rest are counted. */
    static final int SAMPLE_SIZE = 5;
    /**
     * Incomplete tables named in the summary, and the length of each description: they travel on in the source's
     * outcome, and the first sources' in the run's summary and notification (PayloadBudgetTest).
     */
    static final int INCOMPLETE_SAMPLE_SIZE = 2;
    static final int MAX_DESCRIPTION = 120;

    private final String database;
    private final String exportTaskIdentifier;
    private final Map<String, Integer> actions = new TreeMap<>();
    private final List<Map<String, Object>> sample = new ArrayList<>();
    private int tables;
    private int partitions;
    private final List<String> incompleteSample = new ArrayList<>();
    private int incomplete;
    private int absent;
    private int invalid;
    private int warnings;

    RegistrationSummary(String database, String exportTaskIdentifier) {
        this.database = database;
        this.exportTaskIdentifier = exportTaskIdentifier;
    }

    void add(String table, String action, int tablePartitions) {
        tables++;
        partitions += tablePartitions;
        actions.merge(action, 1, Integer::sum);
        if (sample.size() < SAMPLE_SIZE) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("table", table);
            entry.put("history", CatalogNames.historyName(table));
            entry.put("partitions", tablePartitions);
            entry.put("action", action);
            sample.add(entry);
        }
    }

    /** A table of the export that brought no fresh data (see CatalogUpkeep); the first few are named. */
    void incomplete(String description) {
        incomplete++;
        if (incompleteSample.size() < INCOMPLETE_SAMPLE_SIZE) {
            incompleteSample.add(description.length() > MAX_DESCRIPTION ? description.substring(0, MAX_DESCRIPTION) + "…"
                    : description);
        }
    }

    /** A table of the source that is no longer in its exports, marked stale. */
    void absent() {
        absent++;
    }

    RegistrationSummary invalid(int count) {
        invalid = count;
        return this;
    }

    RegistrationSummary warnings(int count) {
        warnings = count;
        return this;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(ExportOutput.GLUE_DATABASE, database);
        json.put(ExportOutput.EXPORT_TASK_IDENTIFIER, exportTaskIdentifier);
        json.put(ExportOutput.TABLES_REGISTERED, tables);
        json.put("partitions", partitions);
        json.put(ExportOutput.ACTIONS, actions);
        json.put(ExportOutput.INCOMPLETE_TABLES, incomplete);
        json.put(ExportOutput.INCOMPLETE_SAMPLE, incompleteSample);
        json.put("absentTables", absent);
        json.put("invalidTables", invalid);
        json.put("warnings", warnings);
        json.put("sample", sample);
        return json;
    }

    /** The first few of {@code items}, and how many more there are: bounded text for messages and causes. */
    static String sample(List<String> items) {
        List<String> head = items.subList(0, Math.min(SAMPLE_SIZE, items.size()));
        return String.join("; ", head) + (items.size() > head.size() ? " (and " + (items.size() - head.size())
                + " more)" : "");
    }
}
