package dev.analysisplatform.local;

import dev.analysisplatform.local.deploy.Terraform;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, as part of the test command: the whole pipeline in the emulator. Fails if any
 * piece is broken: a handler Terraform names that is not in the artifact (the runtime cannot initialise), an
 * environment variable or role that does not fit (contract check), an export that is not started, or a second
 * run that exports again.
 */
class LocalRunSmokeIntegrationTest {

    @Test
    void localRun_exportsEverySourceOnceAndNothingTwice() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<LocalRun.Execution> executions;
        List<JsonNode> metrics;
        try (LocalRun run = new LocalRun(new PrintStream(printed, true, StandardCharsets.UTF_8),
                Path.of("..").toAbsolutePath().normalize(), false)) {
            executions = run.run(2);
            metrics = run.emittedMetrics;
        }
        String output = printed.toString(StandardCharsets.UTF_8);

        // The functions' real log output: the EMF numbers match the run summary's.
        for (JsonNode result : executions.get(0).output()) {
            String source = result.path("source").asText();
            assertThat(metrics).as("ExportDurationSeconds of " + source).anySatisfy(line -> {
                assertThat(line.path("Source").asText()).isEqualTo(source);
                assertThat(line.path("ExportDurationSeconds").asLong()).isEqualTo(result.path("exportDurationSeconds").asLong());
                assertThat(line.path("GigabytesExtracted").asInt()).isEqualTo(result.path("totalExtractedDataInGB").asInt());
                assertThat(line.path("EstimatedExportCostUsd").decimalValue())
                        .isEqualByComparingTo(result.path("estimatedCostUsd").decimalValue());
                assertThat(line.path("_aws").path("CloudWatchMetrics").path(0).path("Dimensions").toString())
                        .isEqualTo("[[\"Source\"]]");
            });
            assertThat(metrics.stream().filter(line -> line.path("Source").asText().equals(source)
                    && line.has("SnapshotAgeHours"))).as("snapshot age when the export started, once").singleElement()
                    .satisfies(line -> assertThat(line.path("SnapshotAgeHours").asLong()).isBetween(0L, 1L));
            assertThat(result.path("dataAgeHours").isIntegralNumber()).as("data age of " + source + " in the run summary")
                    .isTrue();
            assertThat(metrics.stream().filter(line -> line.path("Source").asText().equals(source)
                    && line.has("DataAgeHours"))).as("freshness on both runs").hasSize(2)
                    .allSatisfy(line -> assertThat(line.path("DataAgeHours").asLong())
                            .isEqualTo(result.path("dataAgeHours").asLong()))
                    .allSatisfy(line -> assertThat(line.path("TablesRegistered").asInt()).isEqualTo(1));
        }
        assertThat(output).contains("Report (per-source summary, step timings, emitted metrics): ");

        assertThat(executions).as(output).extracting(LocalRun.Execution::status).containsExactly("SUCCEEDED", "SUCCEEDED");
        JsonNode first = executions.get(0).output();
        assertThat(first).hasSize(2).allSatisfy(result -> {
            assertThat(result.path("outcome").asText()).isEqualTo("EXPORTED");
            assertThat(result.path("alreadyExported").asBoolean()).isFalse();
        });
        assertThat(first).extracting(r -> r.path("snapshot").asText())
                .containsExactlyInAnyOrder("shop-orders-demo-3", "shop-billing-demo-2");
        assertThat(first).as("every complete export is registered in Glue").allSatisfy(result ->
                assertThat(result.path("registration").path("created").asInt()).isEqualTo(1));
        assertThat(executions.get(0).steps()).as("the wait/status loop ran")
                .anyMatch(step -> step.path().endsWith("CheckExportStatus"));
        assertThat(executions.get(1).output()).allSatisfy(result -> {
            assertThat(result.path("alreadyExported").asBoolean()).isTrue();
            assertThat(result.path("registration").path("unchanged").asInt()).isEqualTo(1);
            assertThat(result.path("tablesRegistered").asInt()).isEqualTo(1);
        });
        assertThat(output).contains("nothing exported twice");
        readmeSampleMatches(output);
    }

    /**
     * The README's sample output is what a run prints: every line of it before the queries (which need a JDK 25 this
     * test does not pass) appears in this run's output, once numbers, task-id hashes and column padding are set aside.
     */
    private static void readmeSampleMatches(String output) throws java.io.IOException {
        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        String sample = readme.substring(readme.indexOf("```", readme.indexOf("Sample output (abridged):")) + 3);
        sample = sample.substring(0, sample.indexOf("```"));
        String printed = normalized(output);
        for (String line : sample.lines().map(String::strip).toList()) {
            if (line.startsWith("Example queries")) {
                break;
            }
            if (!line.isEmpty() && !line.equals("…") && !line.endsWith("…")) {
                assertThat(printed).as("README sample line %s", line).contains(normalized(line));
            }
        }
    }

    private static String normalized(String text) {
        return text.replaceAll("[0-9a-f]{10}", "H").replaceAll("\\d+(\\.\\d+)?", "N").replaceAll("[ \\t]+", " ")
                .replace("[ N", "[N");
    }
}
