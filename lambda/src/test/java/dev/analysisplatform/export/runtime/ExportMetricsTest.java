package dev.analysisplatform.export.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EMF lines as CloudWatch's "Specification: Embedded metric format" describes them. */
class ExportMetricsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ExportMetrics metrics = new ExportMetrics(new PrintStream(out, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC));

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void emit_oneLinePerCallWithDirectiveDimensionAndValues() throws Exception {
        metrics.emit("orders", List.of(new ExportMetrics.Metric("DataAgeHours", "None", 5L),
                new ExportMetrics.Metric("TablesRegistered", "Count", 12)));

        assertThat(lines()).hasSize(1);
        Map<String, Object> line = JSON.std.mapFrom(lines().get(0));
        assertThat(line).containsEntry("Source", "orders").containsEntry("DataAgeHours", 5).containsEntry("TablesRegistered", 12);
        Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
        assertThat(aws).containsEntry("Timestamp", Instant.parse("2026-11-25T06:00:00Z").toEpochMilli());
        Map<String, Object> directive = ((List<Map<String, Object>>) aws.get("CloudWatchMetrics")).get(0);
        assertThat(directive).containsEntry("Namespace", "AnalysisPlatform")
                .containsEntry("Dimensions", List.of(List.of("Source")));
        assertThat((List<Map<String, Object>>) directive.get("Metrics")).containsExactly(
                Map.of("Name", "DataAgeHours", "Unit", "None"), Map.of("Name", "TablesRegistered", "Unit", "Count"));
    }

    @Test
    void emit_leavesOutUnknownValuesAndWritesNothingWithoutValues() {
        metrics.emit("orders", List.of(new ExportMetrics.Metric("ExportDurationSeconds", "Seconds", null)));

        assertThat(lines()).isEmpty();
    }

    @Test
    void failure_countsOneForSourceAndStep() throws Exception {
        metrics.failure("billing", "register");

        Map<String, Object> line = JSON.std.mapFrom(lines().get(0));
        assertThat(line).containsEntry("Source", "billing").containsEntry("Step", "register").containsEntry("StepFailures", 1);
        assertThat(line.get("_aws").toString()).contains("[[Source, Step]]");
    }

    @Test
    void hoursSince_wholeHoursToTheClock() {
        assertThat(metrics.hoursSince(Instant.parse("2026-11-24T03:30:00Z"))).isEqualTo(26L);
        assertThat(metrics.hoursSince(null)).isNull();
    }
}
