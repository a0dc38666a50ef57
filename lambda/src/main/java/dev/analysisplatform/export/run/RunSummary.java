package dev.analysisplatform.export.run;

import dev.analysisplatform.contract.RunStore;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.contract.SourceOutcome;
import dev.analysisplatform.export.ExportRequestParser;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import dev.analysisplatform.export.runtime.Parallel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's outcome, from its records: every planned source (the plan's groups) with the outcome its child execution
 * wrote. A planned source without an outcome (its child never wrote one) counts as failed, so nothing planned can go
 * unreported. The report object holds everything; what goes back into the state machine is bounded whatever the
 * fleet: counts, the first {@value RunRecords#NAMED_IN_SUMMARY} failures and stale sources, and where the report is.
 */
public final class RunSummary {

    /** Reads in parallel: one GET per group and per source, about 20-50 ms each. */
    static final int THREADS = 16;
    /** The error a planned source without an outcome reports. */
    public static final String OUTCOME_MISSING = "OutcomeMissing";

    private final RunStore store;

    public RunSummary(RunStore store) {
        this.store = store;
    }

    /** The report, written to the run's records, and the bounded summary of it. */
    public Map<String, Object> summarize(String bucket, String run) {
        Map<String, Object> plannedStarts = plannedSources(bucket, run);
        List<String> planned = List.copyOf(plannedStarts.keySet());
        Map<String, Map<String, Object>> written = outcomes(bucket, run);
        // A record of an earlier run under the same execution name (names may be reused after 90 days) is not this one's.
        written.values().removeIf(o -> !java.util.Objects.equals(o.get(SourceOutcome.RUN_START_TIME),
                plannedStarts.get(String.valueOf(o.get(SourceOutcome.SOURCE)))));
        List<Map<String, Object>> outcomes = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<Object> stale = new ArrayList<>();
        for (String source : planned) {
            Map<String, Object> outcome = written.getOrDefault(source, missing(source));
            outcomes.add(outcome);
            String kind = String.valueOf(outcome.get(SourceOutcome.OUTCOME));
            counts.merge(kind, 1, Integer::sum);
            if (SourceOutcome.FAILED.equals(kind)) {
                failures.add(line(outcome.get(SourceOutcome.FAILURE), source));
            }
            if (Boolean.FALSE.equals(outcome.get(SourceOutcome.TABLES_COMPLETE))) {
                stale.add(outcome.get(SourceOutcome.INCOMPLETE));
            }
        }
        String reportKey = RunRecords.summaryKey(run);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put(RunRecords.TOTAL, planned.size());
        report.put(RunRecords.COUNTS, counts);
        report.put(RunRecords.FAILURES, failures);
        report.put(RunRecords.OUTCOMES, outcomes);
        store.write(bucket, reportKey, json(report));

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(RunRecords.REPORT, "s3://" + bucket + "/" + reportKey);
        summary.put(RunRecords.TOTAL, planned.size());
        summary.put(RunRecords.COUNTS, counts);
        summary.put(RunRecords.FAILED, failures.size());
        summary.put(RunRecords.ANY_FAILED, !failures.isEmpty());
        summary.put(RunRecords.ANY_STALE, !stale.isEmpty());
        summary.put(RunRecords.FAILURES, firstFew(failures));
        summary.put(RunRecords.STALE_TABLES, firstFew(stale));
        return summary;
    }

    /** Source names in plan order, from the index and its groups, each with the run start its request carries. */
    private Map<String, Object> plannedSources(String bucket, String run) {
        List<Map<String, Object>> groups = list(read(bucket, RunRecords.planKey(run)));
        List<List<Map<String, Object>>> exports = readAll(groups.stream()
                .map(group -> String.valueOf(group.get(RunRecords.KEY))).toList(), key -> list(read(bucket, key)));
        Map<String, Object> starts = new LinkedHashMap<>();
        exports.forEach(group -> group.forEach(export -> starts.put(String.valueOf(export.get(FunctionContract.SOURCE_NAME)),
                export.get(ExportRequestParser.RUN_START_TIME))));
        return starts;
    }

    private Map<String, Map<String, Object>> outcomes(String bucket, String run) {
        List<Map<String, Object>> read = readAll(store.keys(bucket, RunRecords.outcomesPrefix(run)),
                key -> map(store.read(bucket, key)));
        Map<String, Map<String, Object>> bySource = new LinkedHashMap<>();
        read.stream().filter(o -> o != null).forEach(o -> bySource.put(String.valueOf(o.get(SourceOutcome.SOURCE)), o));
        return bySource;
    }

    private static Map<String, Object> missing(String source) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put(SourceOutcome.SOURCE, source);
        outcome.put(SourceOutcome.OUTCOME, SourceOutcome.FAILED);
        outcome.put(SourceOutcome.STEP, "record");
        outcome.put(SourceOutcome.ERROR, OUTCOME_MISSING);
        outcome.put(SourceOutcome.FAILURE, source + ": " + OUTCOME_MISSING + " in record");
        return outcome;
    }

    /** One failure line, cut to {@value RunRecords#MAX_LINE_CHARACTERS} characters. */
    private static String line(Object failure, String source) {
        String text = failure == null ? source + ": failed" : failure.toString();
        return text.length() <= RunRecords.MAX_LINE_CHARACTERS ? text
                : text.substring(0, RunRecords.MAX_LINE_CHARACTERS - 1) + "…";
    }

    private static <T> List<T> firstFew(List<T> all) {
        return new ArrayList<>(all.subList(0, Math.min(all.size(), RunRecords.NAMED_IN_SUMMARY)));
    }

    /** Each of {@code keys} read and parsed, {@value #THREADS} at a time (one S3 request each), in the keys' order. */
    private static <T> List<T> readAll(List<String> keys, java.util.function.Function<String, T> reader) {
        List<T> read = new ArrayList<>(java.util.Collections.nCopies(keys.size(), null));
        Parallel.run(THREADS, keys.size(), i -> read.set(i, reader.apply(keys.get(i))));
        return read;
    }

    private String read(String bucket, String key) {
        String text = store.read(bucket, key);
        if (text == null) {
            throw new InvalidConfigurationException("s3://" + bucket + "/" + key + " does not exist: the run's plan is "
                    + "missing (was the run's records prefix deleted while it ran?).");
        }
        return text;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(String text) {
        try {
            return (List<Map<String, Object>>) JSON.std.anyFrom(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String text) {
        try {
            return text == null ? null : (Map<String, Object>) JSON.std.anyFrom(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object value) {
        try {
            return dev.analysisplatform.export.runtime.JsonOutput.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
