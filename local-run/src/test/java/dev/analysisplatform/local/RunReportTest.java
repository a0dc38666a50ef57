package dev.analysisplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.asl.StateMachineRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person opening the report looks for: when and where it ran, each execution's outcome (a failed one with its
 * cause and still every source's row), the export task and S3 location per source, the queries' results, and a chart
 * whose labels fit. Before: no time or environment, no task ids or locations, a failed execution showed only its cause,
 * and the longest path label ran under the bars.
 */
class RunReportTest {

    @TempDir
    Path dir;

    /** A failed execution with one exported and one failed source, a long state path, and one query's result. */
    static void writeSample(Path file) throws Exception {
        JsonNode exported = JsonPaths.MAPPER.readTree("""
                [{"source": "shop_orders", "outcome": "EXPORTED", "snapshot": "shop-orders-demo-3",
                  "exportTaskIdentifier": "exp-shop-orders-demo-3-2bb1547975", "alreadyExported": false,
                  "s3Prefix": "exports/shop_orders/shop-orders", "exportDurationSeconds": 12,
                  "totalExtractedDataInGB": 1, "estimatedCostUsd": 0.01, "tablesRegistered": 2},
                 {"source": "shop_billing", "outcome": "FAILED", "snapshot": null, "exportTaskIdentifier": null,
                  "error": "ExportTaskFailed", "step": "export"}]""");
        List<StateMachineRunner.Step> steps = List.of(new StateMachineRunner.Step(LONG_PATH, "Task", Duration.ofMillis(900), null),
                new StateMachineRunner.Step("Plan", "Task", Duration.ofMillis(40), null));
        LocalRun.Execution failed = new LocalRun.Execution("FAILED", exported, "ExportFailed",
                "1 of 2 sources failed: [\"shop_billing: ExportTaskFailed in export\"].", Duration.ofSeconds(4), steps);
        RunReport.write(file, new RunReport.Run(Instant.parse("2026-12-05T16:00:00.123Z"), "local",
                "analysis-platform-local-export", "analysis-platform-local-exports"), List.of(failed), List.of(),
                List.of("  SELECT 1;", "  _col0", "  1"));
    }

    static final String LONG_PATH = "ExportEachAccount/ExportEachSource/" + "VeryLongStateName".repeat(6);

    @Test
    void report_saysWhenWhereAndWhatEachExecutionDid() throws Exception {
        String longPath = LONG_PATH;
        Path file = dir.resolve("report.html");
        writeSample(file);

        String html = Files.readString(file);
        assertThat(html).contains("Started 2026-12-05T16:00:00Z").contains("environment <code>local</code>")
                .contains("Execution 1: FAILED in 4.0 s")
                .contains("ExportFailed: 1 of 2 sources failed: [&quot;shop_billing: ExportTaskFailed in export&quot;].")
                .contains("<td>exp-shop-orders-demo-3-2bb1547975</td>")
                .contains("s3://analysis-platform-local-exports/exports/shop_orders/shop-orders/exp-shop-orders-demo-3-2bb1547975/")
                .contains("<td>shop_billing</td><td class=\"FAILED\">FAILED</td>")
                .contains("<pre>  SELECT 1;\n  _col0\n  1</pre>");
        Matcher label = Pattern.compile("<title>[^<]*</title>([^<]*)</text>").matcher(html);
        while (label.find()) {
            assertThat(label.group(1).length()).as("chart label %s", label.group(1))
                    .isLessThanOrEqualTo(RunReport.LABEL_CHARACTERS);
        }
        assertThat(html).as("a long path keeps its end, where the state's name is")
                .contains("…" + longPath.substring(longPath.length() - RunReport.LABEL_CHARACTERS + 1) + "</text>");
    }
}
