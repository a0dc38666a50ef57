package dev.analysisplatform.export.runtime;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.contract.MetricNames;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics as CloudWatch embedded metric format (EMF) lines: one JSON object per line on standard output, which
 * CloudWatch Logs turns into metrics (Lambda developer guide, "Publishing custom metrics with the embedded metric
 * format": "Your application writes an EMF-formatted JSON object, followed by a newline, directly to standard
 * output"). No API calls, no cloudwatch:PutMetricData permission, no extra dependency. Namespace
 * {@value #NAMESPACE}; every metric has the dimension {@code Source}, failures also {@code Step}. CloudWatch User Guide,
 * "Using the embedded metric format with Lambda": "To publish metrics from a function, write embedded metric format
 * logs to STDOUT"; with the JSON log format Lambda "does not double-encode" logs that are already JSON.
 */
public final class ExportMetrics {

    public static final String NAMESPACE = MetricNames.NAMESPACE;

    /** One value with its CloudWatch unit ("Seconds", "Count", "Gigabytes", "None"). */
    public record Metric(String name, String unit, Number value) {
    }

    private final PrintStream out;
    private final Clock clock;

    public ExportMetrics(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Standard output and the system clock: what a deployed function uses. */
    public static ExportMetrics standard() {
        return new ExportMetrics(System.out, Clock.systemUTC());
    }

    /** Whole hours from {@code instant} to now, for ages (null when unknown). */
    public Long hoursSince(java.time.Instant instant) {
        return instant == null ? null : java.time.Duration.between(instant, clock.instant()).toHours();
    }

    /** Emits {@code metrics} for one source (nothing when the list is empty). */
    public void emit(String source, List<Metric> metrics) {
        emit(new LinkedHashMap<>(Map.of(MetricNames.SOURCE, source)), metrics);
    }

    /** A failed step of one source: {@code StepFailures} = 1 with dimensions Source and Step. */
    public void failure(String source, String step) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(MetricNames.SOURCE, source);
        dimensions.put(MetricNames.STEP, step);
        emit(dimensions, List.of(new Metric(MetricNames.STEP_FAILURES, "Count", 1)));
    }

    private void emit(Map<String, String> dimensions, List<Metric> metrics) {
        List<Metric> present = metrics.stream().filter(m -> m.value() != null).toList();
        if (present.isEmpty()) {
            return;
        }
        List<Map<String, Object>> definitions = new ArrayList<>();
        for (Metric metric : present) {
            definitions.add(Map.of("Name", metric.name(), "Unit", metric.unit()));
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of("Timestamp", clock.millis(), "CloudWatchMetrics", List.of(Map.of(
                "Namespace", NAMESPACE,
                "Dimensions", List.of(List.copyOf(dimensions.keySet())),
                "Metrics", definitions))));
        line.putAll(dimensions);
        present.forEach(metric -> line.put(metric.name(), metric.value()));
        try {
            out.println(JSON.std.asString(line));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
