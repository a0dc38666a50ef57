package dev.analysisplatform.local;

import dev.analysisplatform.local.asl.StateMachineRunner;
import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.contract.SourceOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local run's HTML report: when and for which environment it ran; per execution its outcome (and cause), the
 * per-source summary (outcome, snapshot, export task, S3 location, duration, GB, estimated cost, tables) and the step
 * timings as a bar chart (inline SVG, no script, opens from disk); the example queries with their results; and the
 * metrics the functions emitted in CloudWatch's embedded metric format, read back from their logs.
 */
final class RunReport {

    private RunReport() {
    }

    /** Every EMF line the functions wrote to standard output ({@code <function>.log} in the work directory). */
    static List<JsonNode> emittedMetrics(Path logDirectory) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (Stream<Path> logs = Files.list(logDirectory)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.startsWith("{\"_aws\"")) {
                        lines.add(JsonPaths.MAPPER.readTree(line));
                    }
                }
            }
        }
        return lines;
    }

    /** What the report says about the run as a whole. */
    record Run(java.time.Instant started, String environment, String stateMachine, String bucket) {
    }

    static void write(Path file, Run run, List<LocalRun.Execution> executions, List<JsonNode> metrics,
                      List<String> queryResults) throws IOException {
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>analysis-platform local run</title>
                <style>
                 body{font-family:system-ui,sans-serif;margin:2em;color:#222}
                 table{border-collapse:collapse;margin:0.5em 0 1.5em}
                 th,td{border:1px solid #ccc;padding:4px 10px;text-align:left}
                 th{background:#f0f3f7} td.n{text-align:right}
                 .FAILED{color:#b00020;font-weight:bold} .EXPORTED{color:#1b5e20}
                 pre{background:#f6f8fa;padding:1em;overflow-x:auto}
                </style></head><body>
                <h1>analysis-platform local run</h1>
                """);
        html.append("<p>Started ").append(escape(run.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()))
                .append(", environment <code>").append(escape(run.environment())).append("</code>, state machine <code>")
                .append(escape(run.stateMachine())).append("</code>, export bucket <code>").append(escape(run.bucket()))
                .append("</code>.</p>\n");
        for (int i = 0; i < executions.size(); i++) {
            LocalRun.Execution execution = executions.get(i);
            html.append("<h2>Execution ").append(i + 1).append(": ").append(escape(execution.status()))
                    .append(String.format(" in %.1f s", execution.took().toMillis() / 1000.0)).append("</h2>\n");
            if (execution.error() != null) {
                html.append("<p class=\"FAILED\">").append(escape(execution.error())).append(": ")
                        .append(escape(execution.cause())).append("</p>\n");
            }
            if (execution.output() != null) {
                html.append("<table><tr><th>source</th><th>outcome</th><th>snapshot</th><th>export task</th>")
                        .append("<th>S3 location</th><th>duration</th><th>GB</th><th>cost (USD)</th><th>tables</th></tr>\n");
                for (JsonNode result : execution.output()) {
                    String outcome = ExecutionReport.outcome(result);
                    String task = result.path(SourceOutcome.EXPORT_TASK_IDENTIFIER).asText("");
                    String prefix = result.path(SourceOutcome.S3_PREFIX).asText("");
                    html.append("<tr><td>").append(escape(result.path(SourceOutcome.SOURCE).asText()))
                            .append("</td><td class=\"").append(escape(outcome)).append("\">").append(escape(outcome))
                            .append("</td><td>").append(escape(result.path(SourceOutcome.SNAPSHOT).asText("")))
                            .append("</td><td>").append(escape(task))
                            .append("</td><td>").append(prefix.isEmpty() || task.isEmpty() ? "-"
                                    : escape("s3://" + run.bucket() + "/" + prefix + "/" + task + "/"))
                            .append("</td><td class=\"n\">").append(cell(result.path(SourceOutcome.EXPORT_DURATION_SECONDS), " s"))
                            .append("</td><td class=\"n\">").append(cell(result.path(SourceOutcome.TOTAL_EXTRACTED_DATA_IN_GB), ""))
                            .append("</td><td class=\"n\">").append(cell(result.path(SourceOutcome.ESTIMATED_COST_USD), ""))
                            .append("</td><td class=\"n\">").append(cell(result.path(SourceOutcome.TABLES_REGISTERED), ""))
                            .append("</td></tr>\n");
                }
                html.append("</table>\n");
            }
            html.append(chart(execution.steps()));
        }
        if (!queryResults.isEmpty()) {
            html.append("<h2>Example queries (Trino on the emulator's Glue catalog)</h2>\n<pre>")
                    .append(escape(String.join("\n", queryResults))).append("</pre>\n");
        }
        html.append("<h2>Metrics the functions emitted (CloudWatch embedded metric format)</h2>\n")
                .append("<table><tr><th>time</th><th>source</th><th>metric</th><th>value</th></tr>\n");
        for (JsonNode line : metrics) {
            String at = java.time.Instant.ofEpochMilli(line.path("_aws").path("Timestamp").asLong())
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            for (JsonNode definition : line.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics")) {
                String name = definition.path("Name").asText();
                html.append("<tr><td>").append(escape(at)).append("</td><td>")
                        .append(escape(line.path("Source").asText())).append("</td><td>")
                        .append(escape(name)).append("</td><td class=\"n\">").append(escape(line.path(name).asText()))
                        .append("</td></tr>\n");
            }
        }
        html.append("</table>\n</body></html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    /** The longest step label the chart shows whole; longer paths keep their end, where the state's name is. */
    static final int LABEL_CHARACTERS = 64;

    /** Horizontal bars, one per step, longest first, scaled to the longest; every label and value inside the picture. */
    private static String chart(List<StateMachineRunner.Step> steps) {
        List<StateMachineRunner.Step> shown = steps.stream()
                .sorted((a, b) -> Long.compare(b.took().toMillis(), a.took().toMillis())).limit(12).toList();
        long longest = Math.max(1, shown.isEmpty() ? 1 : shown.get(0).took().toMillis());
        int rowHeight = 22;
        int labels = 460;
        int bars = 380;
        StringBuilder svg = new StringBuilder("<h3>Step timings</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(labels + bars + 110).append("\" height=\"")
                .append(rowHeight * shown.size() + 10).append("\" role=\"img\" aria-label=\"step timings\">\n");
        for (int i = 0; i < shown.size(); i++) {
            StateMachineRunner.Step step = shown.get(i);
            long width = Math.max(1, step.took().toMillis() * bars / longest);
            int y = i * rowHeight + 5;
            String label = step.path().length() <= LABEL_CHARACTERS ? step.path()
                    : "…" + step.path().substring(step.path().length() - LABEL_CHARACTERS + 1);
            svg.append("<text x=\"0\" y=\"").append(y + 14).append("\" font-size=\"12\"><title>")
                    .append(escape(step.path())).append("</title>").append(escape(label)).append("</text>")
                    .append("<rect x=\"").append(labels).append("\" y=\"").append(y + 2).append("\" width=\"").append(width)
                    .append("\" height=\"16\" fill=\"#4a78c2\"/>")
                    .append("<text x=\"").append(labels + 5 + width).append("\" y=\"").append(y + 14)
                    .append("\" font-size=\"12\">").append(step.took().toMillis()).append(" ms</text>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static String cell(JsonNode value, String unit) {
        return escape(ExecutionReport.text(value, unit));
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
