package dev.analysisplatform.local;

import dev.analysisplatform.testing.MemoryRunStore;
import dev.analysisplatform.local.asl.ExecutionFailed;
import dev.analysisplatform.local.asl.StateMachineRunner;
import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.asl.Invoker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.analysisplatform.contract.RunRecords;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.infra.ExportWorkflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.analysisplatform.contract.Defaults;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payload budget of the whole definition, whatever the fleet: the plan and every outcome are run records in S3
 * (RunRecords), so no state input, output or task result grows with the number of sources. Measured with 10 and with
 * {@value #SOURCES} sources, each registering the largest output the registration step can return (RegistrationPayloadTest
 * bounds it for 5,000 tables) and carrying the longest identifiers RDS allows, whether every source succeeds or every
 * source fails: the largest state is the same size, far inside Step Functions' 256 KiB quota (AWS, "Step Functions
 * service quotas": "Maximum input or output size for a task, state, or execution: 256 KiB"), and the failure cause
 * inside the 32,768 characters AWS keeps.
 */
class PayloadBudgetTest {

    static final int SOURCES = 1_000;
    /** Half the quota: a state carries one source's request or outcome, or the run's bounded summary. */
    static final int BUDGET_BYTES = Defaults.STATE_PAYLOAD_BUDGET_BYTES;

    /** AWS keeps at most this much of an execution's failure cause (Step Functions API, ExecutionFailedEventDetails). */
    static final int MAX_CAUSE_CHARACTERS = 32_768;

    /** The longest name exportOnly takes (ValueRules.exportOnlyEntry). */
    static final int EXPORT_ONLY_NAME_LENGTH = 200;

    @TempDir
    Path environments;

    @Test
    void aThousandSources_allExported_largestStateIsTheSameAsForTen() throws IOException {
        int ten = largestState(environment(10, 0), false, JsonPaths.MAPPER.createObjectNode());
        int thousand = largestState(environment(SOURCES, 0), false, JsonPaths.MAPPER.createObjectNode());

        System.out.println("largest state, every source exported with the largest registration: 10 sources " + ten
                + " bytes, " + SOURCES + " sources " + thousand + " bytes (budget " + BUDGET_BYTES + ")");
        // The same but for the digits of the counts ("sources":1000 against "sources":10).
        assertThat(thousand).isBetween(1, BUDGET_BYTES).isCloseTo(ten, org.assertj.core.data.Offset.offset(16));
    }

    @Test
    void aThousandSources_allFailed_largestStateAndCauseStayBounded() throws IOException {
        MemoryRunStore store = new MemoryRunStore();
        EnvironmentDefinition environment = environment(SOURCES, 0);
        StateMachineRunner runner = runner(true, store, environment);

        try {
            runner.run(definition(environment), JsonPaths.MAPPER.createObjectNode());
            throw new AssertionError("every source failed, so the execution must fail");
        } catch (ExecutionFailed failed) {
            assertThat(failed.error).isEqualTo(ExportWorkflow.FAILED_ERROR);
            System.out.println("failure cause, " + SOURCES + " sources failed: " + failed.cause.length() + " characters");
            assertThat(failed.cause).startsWith(SOURCES + " of " + SOURCES + " sources failed: [\"")
                    .contains("(at most " + RunRecords.NAMED_IN_SUMMARY + " named)").contains("run report s3://");
            assertThat(failed.cause.length()).isLessThan(MAX_CAUSE_CHARACTERS);
        }
        assertThat(runner.largestPayloadBytes()).isBetween(1, BUDGET_BYTES);
        JsonNode outcomes = ExportScenarios.outcomes(store, environment.exportBucketName(),
                runner.history.executions().get(0).name);
        assertThat(outcomes).as("the report has every outcome").hasSize(SOURCES)
                .allSatisfy(o -> assertThat(o.path("outcome").asText()).isEqualTo("FAILED"));
    }

    /**
     * The largest request a source can carry: the most and longest exportOnly names, the longest identifiers. Before,
     * synth refused environments whose plan could outgrow the quota; now the plan is in S3 and only one source's
     * request rides in a state.
     */
    @Test
    void mostExportOnlyNamesForEverySource_everyStateWithinBudget() throws IOException {
        int names = dev.analysisplatform.contract.ValueRules.MAX_EXPORT_ONLY_ENTRIES;

        int largest = largestState(environment(SOURCES, names), false, JsonPaths.MAPPER.createObjectNode());

        System.out.println("largest state, " + SOURCES + " sources with " + names + " exportOnly names of "
                + EXPORT_ONLY_NAME_LENGTH + " characters: " + largest + " bytes");
        assertThat(largest).isBetween(1, BUDGET_BYTES);
    }

    /** Before: the planner copied any override into every source, and the plan outgrew the quota; now it is in S3. */
    @Test
    void exportOnlyOverrideForEverySource_everyStateWithinBudget() throws IOException {
        ObjectNode input = JsonPaths.MAPPER.createObjectNode();
        ArrayNode exportOnly = input.putArray("exportOnly");
        for (int i = 0; i < dev.analysisplatform.contract.ValueRules.MAX_EXPORT_ONLY_ENTRIES; i++) {
            exportOnly.add(String.format("%03d.", i) + "t".repeat(EXPORT_ONLY_NAME_LENGTH - 4));
        }

        int largest = largestState(environment(SOURCES, 0), false, input);

        assertThat(largest).isBetween(1, BUDGET_BYTES);
    }

    private int largestState(EnvironmentDefinition environment, boolean everySourceFails, JsonNode input) {
        MemoryRunStore store = new MemoryRunStore();
        StateMachineRunner runner = runner(everySourceFails, store, environment);
        runner.run(definition(environment), input);
        JsonNode outcomes = ExportScenarios.outcomes(store, environment.exportBucketName(),
                runner.history.executions().get(0).name);
        assertThat(outcomes).hasSize(environment.sources().size())
                .allSatisfy(o -> assertThat(o.path("outcome").asText()).isEqualTo("EXPORTED"));
        return runner.largestPayloadBytes();
    }

    /**
     * {@code count} sources in 200 accounts with the longest names, each naming {@code exportOnlyNames} of the longest
     * tables.
     */
    private EnvironmentDefinition environment(int count, int exportOnlyNames) throws IOException {
        ObjectNode file = (ObjectNode) JsonPaths.MAPPER.readTree(Path.of("..", "environments", "local.json").toFile());
        ArrayNode sources = file.putArray("sources");
        for (int i = 0; i < count; i++) {
            // The longest source names allowed (63 characters): the failure cause names failed ones.
            ObjectNode source = sources.addObject().put("name", String.format("%04d_", i) + "n".repeat(58))
                    .put("accountId", String.valueOf(200_000_000_000L + i % 200)).put("externalId", "x".repeat(64));
            if (i % 2 == 0) {
                source.put("dbClusterIdentifier", "c" + "-cluster".repeat(6) + i);
            } else {
                source.put("dbInstanceIdentifier", "i" + "-instance".repeat(5) + i);
            }
            ArrayNode exportOnly = source.putArray("exportOnly");
            for (int n = 0; n < exportOnlyNames; n++) {
                exportOnly.add(String.format("%03d.", n) + "t".repeat(EXPORT_ONLY_NAME_LENGTH - 4));
            }
        }
        Files.writeString(environments.resolve("fleet.json"), file.toString());
        return new EnvironmentLoader(environments).load("fleet");
    }

    private static JsonNode definition(EnvironmentDefinition environment) {
        return ExportScenarios.parse(new ExportWorkflow(environment, new ExportWorkflow.Resources("plan", "start",
                "status", "register", "summarize", "topic")).toJson());
    }

    /** The real planner; start, status and register answering with the largest shapes they produce. */
    private static StateMachineRunner runner(boolean everySourceFails, MemoryRunStore store,
                                             EnvironmentDefinition environment) {
        ExportScenarios.configured(store, environment);
        Map<String, Invoker> functions = ExportScenarios.runFunctions(store);
        functions.put("start", payload -> ExportScenarios.longestExport(ExportScenarios.parse(payload), "STARTING"));
        functions.put("status", payload -> {
            if (everySourceFails) {
                throw ExportScenarios.error("dev.analysisplatform.export.errors.ExportTaskNotFoundException",
                        "The source account has no export task '" + "e".repeat(60) + "'.");
            }
            return ExportScenarios.longestExport(ExportScenarios.parse(payload), "COMPLETE");
        });
        functions.put("register", payload -> ExportScenarios.largestRegistration(true));
        functions.put(ExportWorkflow.SNS_PUBLISH, payload -> "{\"MessageId\":\"1\"}");
        return new StateMachineRunner(functions::get, Duration.ZERO);
    }
}
