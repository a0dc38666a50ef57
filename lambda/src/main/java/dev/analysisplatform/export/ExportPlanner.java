package dev.analysisplatform.export;

import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.contract.ValueRules;
import dev.analysisplatform.export.runtime.JsonInput;
import dev.analysisplatform.export.errors.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which configured sources one state machine execution exports, and with which run-level
 * overrides. The configured sources come from Terraform (an S3 object the plan function reads); the execution
 * input is what a person typed into "Start execution", checked by {@link ExecutionInput}: {@code sources} (names to
 * restrict to), {@code dryRun}, {@code snapshotTypes}, {@code snapshotIdentifier}, {@code exportOnly} and
 * {@code maxSnapshotAgeHours}. Every field of every planned item is present (null when unset), so the state machine can
 * reference them with plain JSONPath.
 */
public final class ExportPlanner {

    static final String SOURCES = ExecutionInput.SOURCES;
    /** The most an override may allow, as the start function's own input check: 30 days. */
    static final int MAX_SNAPSHOT_AGE_HOURS = 24 * 30;
    static final int NAMED_IN_ERRORS = 20;
    private static final List<String> SOURCE_FIELDS = List.of(ExportRequestParser.SOURCE_NAME,
            ExportRequestParser.SOURCE_ROLE_ARN, ExportRequestParser.EXTERNAL_ID, ExportRequestParser.EXPORT_ROLE_ARN,
            ExportRequestParser.DB_CLUSTER_IDENTIFIER, ExportRequestParser.DB_INSTANCE_IDENTIFIER,
            ExportRequestParser.SNAPSHOT_TYPES, ExportRequestParser.EXPORT_ONLY, ExportRequestParser.MAX_SNAPSHOT_AGE_HOURS,
            FunctionContract.SOURCE_REGION);

    public List<Map<String, Object>> plan(List<Map<String, Object>> configured, JsonInput executionInput,
                                          String runStartTime) {
        List<String> names = configured.stream().map(s -> String.valueOf(s.get(ExportRequestParser.SOURCE_NAME))).toList();
        List<String> selected = executionInput.strings(SOURCES, ValueRules::sourceName);
        if (selected != null) {
            List<String> unknown = selected.stream().filter(n -> !names.contains(n)).toList();
            if (!unknown.isEmpty()) {
                // Bounded: the message becomes the execution's failure cause, which AWS cuts at 32,768 characters.
                throw new InvalidInputException("Input field 'sources' names " + unknown.size() + " unknown source(s) "
                        + firstFew(unknown) + "; this environment has " + firstFew(names) + ".");
            }
        }
        Boolean dryRun = executionInput.bool(ExportRequestParser.DRY_RUN);
        List<String> types = executionInput.strings(ExportRequestParser.SNAPSHOT_TYPES, ValueRules::snapshotType);
        List<String> exportOnly = executionInput.strings(ExportRequestParser.EXPORT_ONLY, ValueRules::exportOnlyEntry);
        String tooMany = exportOnly == null ? null : ValueRules.exportOnlyCount(exportOnly.size());
        if (tooMany != null) {
            // Copied into every selected source's request, which rides in that source's child execution.
            throw new InvalidInputException("Input field 'exportOnly' " + tooMany + ".");
        }
        String snapshotIdentifier = executionInput.string(ExportRequestParser.SNAPSHOT_IDENTIFIER, ValueRules::snapshotIdentifier);
        Integer maxAge = executionInput.integer(ExportRequestParser.MAX_SNAPSHOT_AGE_HOURS, 1, MAX_SNAPSHOT_AGE_HOURS);

        List<Map<String, Object>> plan = new ArrayList<>();
        for (Map<String, Object> source : configured) {
            if (selected != null && !selected.contains(String.valueOf(source.get(ExportRequestParser.SOURCE_NAME)))) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            SOURCE_FIELDS.forEach(field -> item.put(field, source.get(field)));
            if (types != null) {
                item.put(ExportRequestParser.SNAPSHOT_TYPES, types);
            }
            if (exportOnly != null) {
                item.put(ExportRequestParser.EXPORT_ONLY, exportOnly);
            }
            if (maxAge != null) {
                item.put(ExportRequestParser.MAX_SNAPSHOT_AGE_HOURS, maxAge);
            }
            item.put(ExportRequestParser.SNAPSHOT_IDENTIFIER, snapshotIdentifier);
            item.put(ExportRequestParser.DRY_RUN, dryRun != null && dryRun);
            item.put(ExportRequestParser.RUN_START_TIME, runStartTime);
            item.put(FunctionContract.DEADLINE, deadline(runStartTime));
            plan.add(item);
        }
        if (snapshotIdentifier != null && plan.size() != 1) {
            throw new InvalidInputException("Input field 'snapshotIdentifier' names one snapshot, so 'sources' must "
                    + "select exactly one source; it selects " + plan.size() + ".");
        }
        return plan;
    }

    /** At most {@value #NAMED_IN_ERRORS} names and how many more: an error message stays short whatever was typed. */
    static String firstFew(List<String> names) {
        if (names.size() <= NAMED_IN_ERRORS) {
            return names.toString();
        }
        return names.subList(0, NAMED_IN_ERRORS).toString().replaceFirst("]$", ", … and " + (names.size() - NAMED_IN_ERRORS)
                + " more]");
    }

    /**
     * When the state machine stops waiting for this run's exports; null without a start time (the handler requires
     * one, so only unit tests plan without it).
     */
    static String deadline(String runStartTime) {
        return runStartTime == null ? null
                : Instant.parse(runStartTime).plus(Duration.ofHours(Defaults.SOURCE_DEADLINE_HOURS)).toString();
    }

    /** One source account in one region: RDS's limit of concurrent exports applies to each such pair. */
    public record Group(String account, String region, List<Map<String, Object>> exports) {
    }

    /**
     * The plan grouped by source account and region, in plan order. RDS limits concurrent exports per account and
     * region, so the state machine runs groups in parallel and bounds the exports within each; a source without a
     * role (the caller's own account) is grouped under {@code "self"}, one without a region under {@code "default"}.
     */
    public static List<Group> groups(List<Map<String, Object>> plan) {
        Map<String, Group> grouped = new LinkedHashMap<>();
        for (Map<String, Object> export : plan) {
            // arn:<partition>:iam::<account>:role/<name>
            String[] arn = String.valueOf(export.get(ExportRequestParser.SOURCE_ROLE_ARN)).split(":");
            String account = arn.length > 4 && !arn[4].isEmpty() ? arn[4] : "self";
            Object region = export.get(FunctionContract.SOURCE_REGION);
            String regionName = region == null ? "default" : region.toString();
            grouped.computeIfAbsent(account + "/" + regionName, k -> new Group(account, regionName, new ArrayList<>()))
                    .exports().add(export);
        }
        return List.copyOf(grouped.values());
    }
}
