package dev.analysisplatform.local;

import dev.analysisplatform.local.asl.ExecutionFailed;
import dev.analysisplatform.local.asl.PayloadLimit;
import dev.analysisplatform.local.asl.StateMachineRunner;
import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.asl.Invoker;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payload budget of the whole definition: with as many sources as an environment may have
 * ({@link Defaults#MAX_SOURCES_PER_ENVIRONMENT}) in one run, each registering the largest output the
 * registration step can return (RegistrationPayloadTest bounds it for 5,000 tables) and carrying the longest
 * identifiers RDS allows, no state input, output or task result comes near Step Functions' 256 KiB quota (AWS, "Step
 * Functions service quotas": "Maximum input or output size for a task, state, or execution: 256 KiB"), whether every
 * source succeeds or every source fails.
 */
class PayloadBudgetTest {

    static final int SOURCES = Defaults.MAX_SOURCES_PER_ENVIRONMENT;
    /** 80% of the quota: room for longer causes and future fields. */
    static final int BUDGET_BYTES = PayloadLimit.MAX_BYTES * 4 / 5;

    @TempDir
    Path environments;

    @Test
    void mostSources_allExported_largestStateStaysWithinBudget() throws IOException {
        StateMachineRunner runner = runner(false);

        JsonNode results = runner.run(definition(), JsonPaths.MAPPER.createObjectNode());

        assertThat(results).hasSize(SOURCES);
        System.out.println("largest state, " + SOURCES + " sources exported, each naming tables without fresh data: "
                + runner.largestPayloadBytes() + " bytes");
        assertThat(runner.largestPayloadBytes()).isBetween(1, BUDGET_BYTES);
    }

    @Test
    void mostSources_allFailed_largestStateAndCauseStayWithinBudget() throws IOException {
        StateMachineRunner runner = runner(true);

        try {
            runner.run(definition(), JsonPaths.MAPPER.createObjectNode());
            throw new AssertionError("every source failed, so the execution must fail");
        } catch (ExecutionFailed failed) {
            assertThat(failed.error).isEqualTo(ExportWorkflow.FAILED_ERROR);
            assertThat(failed.cause.length()).isLessThan(BUDGET_BYTES);
        }
        assertThat(runner.largestPayloadBytes()).isBetween(1, BUDGET_BYTES);
    }

    private JsonNode definition() throws IOException {
        ObjectNode file = (ObjectNode) JsonPaths.MAPPER.readTree(Path.of("..", "environments", "local.json").toFile());
        ArrayNode sources = file.putArray("sources");
        for (int i = 0; i < SOURCES; i++) {
            ObjectNode source = sources.addObject().put("name", "source_with_a_long_name_" + i)
                    .put("accountId", "222222222222").put("externalId", "x".repeat(64));
            if (i % 2 == 0) {
                source.put("dbClusterIdentifier", "c" + "-cluster".repeat(6) + i);
            } else {
                source.put("dbInstanceIdentifier", "i" + "-instance".repeat(5) + i);
            }
        }
        Files.writeString(environments.resolve("fleet.json"), file.toString());
        EnvironmentDefinition environment = new EnvironmentLoader(environments).load("fleet");
        return ExportScenarios.parse(new ExportWorkflow(environment, new ExportWorkflow.Resources("plan", "start",
                "status", "register", "topic")).toJson());
    }

    /** The real planner; start, status and register answering with the largest shapes they produce. */
    private static StateMachineRunner runner(boolean everySourceFails) {
        Map<String, Invoker> functions = new HashMap<>();
        functions.put("plan", ExportScenarios::plan);
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
