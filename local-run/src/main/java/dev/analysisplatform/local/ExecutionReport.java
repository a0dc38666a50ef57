package dev.analysisplatform.local;

import dev.analysisplatform.local.asl.StateMachineRunner;
import dev.analysisplatform.contract.SourceOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.List;

/** What the local run prints after each execution: the sources, the run summary, registrations and step timings. */
final class ExecutionReport {

    private ExecutionReport() {
    }

    /** A source's outcome as the run reports it: ALREADY when its snapshot was exported by an earlier run. */
    static String outcome(JsonNode result) {
        return result.path(SourceOutcome.ALREADY_EXPORTED).asBoolean() ? "ALREADY" : result.path(SourceOutcome.OUTCOME).asText();
    }

    /** {@code bucket}: the environment's export bucket (outcomes leave it out: it is the same for every source). */
    /** Steps shorter than this are listed only with --verbose: most states take no time worth reading. */
    static final java.time.Duration NOTABLE_STEP = java.time.Duration.ofMillis(500);

    static void print(PrintStream out, int number, JsonNode input, LocalRun.Execution execution, String stateMachineName,
                      String bucket, int notifications, boolean verbose) {
        out.printf("Execution %d of %s (input %s): %s in %.1f s%n", number, stateMachineName, input,
                execution.status(), execution.took().toMillis() / 1000.0);
        if (execution.output() != null) {
            out.printf("  %-13s %-10s %-22s %-46s %s%n", "source", "outcome", "snapshot", "export task", "S3 location");
            int already = 0;
            for (JsonNode result : execution.output()) {
                if (result.path(SourceOutcome.ALREADY_EXPORTED).asBoolean()) {
                    already++;
                }
                out.printf("  %-13s %-10s %-22s %-46s s3://%s/%s/%s/%n", result.path(SourceOutcome.SOURCE).asText(),
                        outcome(result),
                        result.path(SourceOutcome.SNAPSHOT).asText(), result.path(SourceOutcome.EXPORT_TASK_IDENTIFIER).asText(),
                        bucket, result.path(SourceOutcome.S3_PREFIX).asText(),
                        result.path(SourceOutcome.EXPORT_TASK_IDENTIFIER).asText());
            }
            out.printf("  %-13s %-10s %10s %8s %10s%n", "source", "outcome", "duration", "GB", "cost (USD)");
            for (JsonNode result : execution.output()) {
                out.printf("  %-13s %-10s %10s %8s %10s%n", result.path(SourceOutcome.SOURCE).asText(),
                        outcome(result), text(result.path(SourceOutcome.EXPORT_DURATION_SECONDS), " s"),
                        text(result.path(SourceOutcome.TOTAL_EXTRACTED_DATA_IN_GB), ""), text(result.path(SourceOutcome.ESTIMATED_COST_USD), ""));
            }
            for (JsonNode result : execution.output()) {
                if (result.has(SourceOutcome.TABLES_REGISTERED)) {
                    out.printf("  %-13s registered %d table(s) in Glue database %s (%s), each with a _history table%n",
                            result.path(SourceOutcome.SOURCE).asText(), result.path(SourceOutcome.TABLES_REGISTERED).asInt(),
                            result.path(SourceOutcome.GLUE_DATABASE).asText(), result.path(SourceOutcome.REGISTRATION));
                }
            }
            if (execution.error() == null) {
                out.println(already == execution.output().size()
                        ? "  nothing exported twice: every source's newest snapshot was already exported"
                        : "  started " + (execution.output().size() - already) + " export(s)");
            }
        }
        if (execution.error() != null) {
            out.println("  failed: " + execution.error() + ": " + execution.cause());
        }
        if (notifications > 0) {
            out.println("  failure notifications published: " + notifications);
        }
        List<StateMachineRunner.Step> shown = execution.steps().stream()
                .filter(step -> verbose || step.took().compareTo(NOTABLE_STEP) >= 0).toList();
        out.println(verbose ? "  steps:" : "  steps of " + NOTABLE_STEP.toMillis() + " ms or more (" + shown.size() + " of "
                + execution.steps().size() + "; --verbose lists every one):");
        for (StateMachineRunner.Step step : shown) {
            out.printf("    %-55s %6d ms%s%n", step.path(), step.took().toMillis(),
                    step.note() == null ? "" : "  (" + step.note() + ")");
        }
        out.println();
    }

    /** A summary cell: the value with its unit, or "-" when unknown (e.g. exported by an earlier run). */
    static String text(JsonNode value, String unit) {
        return value == null || value.isNull() || value.isMissingNode() ? "-" : value.asText() + unit;
    }
}
