package dev.analysisplatform.local;

import dev.analysisplatform.local.asl.ExecutionFailed;
import dev.analysisplatform.local.asl.PayloadLimit;
import dev.analysisplatform.local.asl.StateMachineRunner;
import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.asl.Invoker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analysisplatform.environment.InvalidEnvironmentException;
import dev.analysisplatform.infra.PlanBudget;

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
    static final int BUDGET_BYTES = PlanBudget.BUDGET_BYTES;

    /** AWS keeps at most this much of an execution's failure cause (Step Functions API, ExecutionFailedEventDetails). */
    static final int MAX_CAUSE_CHARACTERS = 32_768;

    /** The longest name exportOnly takes (ValueRules.exportOnlyEntry). */
    static final int EXPORT_ONLY_NAME_LENGTH = 200;

    @TempDir
    Path environments;

    @Test
    void mostSources_allExported_largestStateStaysWithinBudget() throws IOException {
        StateMachineRunner runner = runner(false);
        EnvironmentDefinition environment = environment(0);

        JsonNode results = runner.run(definition(environment), JsonPaths.MAPPER.createObjectNode());

        assertThat(results).hasSize(SOURCES);
        System.out.println("largest state, " + SOURCES + " sources exported, each naming tables without fresh data: "
                + runner.largestPayloadBytes() + " bytes; summary bound " + PlanBudget.summaryBytes(environment));
        assertThat(runner.largestPayloadBytes()).isBetween(1, BUDGET_BYTES)
                .as("synth's bound on the summary holds").isLessThanOrEqualTo(PlanBudget.summaryBytes(environment));
    }

    @Test
    void mostSources_allFailed_largestStateAndCauseStayWithinBudget() throws IOException {
        StateMachineRunner runner = runner(true);

        try {
            runner.run(definition(environment(0)), JsonPaths.MAPPER.createObjectNode());
            throw new AssertionError("every source failed, so the execution must fail");
        } catch (ExecutionFailed failed) {
            assertThat(failed.error).isEqualTo(ExportWorkflow.FAILED_ERROR);
            System.out.println("failure cause, " + SOURCES + " sources failed: " + failed.cause.length() + " characters");
            assertThat(failed.cause).startsWith(SOURCES + " of " + SOURCES + " sources failed: [\"");
            assertThat(failed.cause.length()).isLessThan(MAX_CAUSE_CHARACTERS);
        }
        assertThat(runner.largestPayloadBytes()).isBetween(1, BUDGET_BYTES);
    }

    /**
     * The worst environment synth accepts: the most sources, the longest names, and as many of the longest exportOnly
     * names per source as PlanBudget allows. One more name per source is refused at synth; the run of the accepted
     * one keeps every state within the budget, and synth's bound on the plan is above what the real planner writes.
     */
    @Test
    void worstLegalEnvironment_everyStateWithinBudget_andOneNameMoreIsRefusedAtSynth() throws IOException {
        int names = 0;
        while (names < dev.analysisplatform.contract.ValueRules.MAX_EXPORT_ONLY_ENTRIES && accepted(environment(names + 1))) {
            names++;
        }
        EnvironmentDefinition worst = environment(names);
        StateMachineRunner runner = runner(false);

        runner.run(definition(worst), JsonPaths.MAPPER.createObjectNode());

        int plan = ExportScenarios.plan(planInput(worst)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.println("worst legal environment: " + SOURCES + " sources with " + names + " exportOnly names of "
                + EXPORT_ONLY_NAME_LENGTH + " characters; plan " + plan + " bytes (synth's bound "
                + PlanBudget.planBytes(worst) + "), largest state " + runner.largestPayloadBytes() + " bytes");
        assertThat(names).isPositive();
        assertThat(plan).isLessThanOrEqualTo(PlanBudget.planBytes(worst));
        assertThat(runner.largestPayloadBytes()).isBetween(1, BUDGET_BYTES);
        EnvironmentDefinition oneMore = environment(names + 1);
        assertThatThrownBy(() -> PlanBudget.check(oneMore)).isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("a run's plan would weigh up to").hasMessageContaining("exportOnly");
    }

    /** Before: the planner copied any override into every source, and the run died of States.DataLimitExceeded. */
    @Test
    void exportOnlyOverrideForEverySource_refusedByThePlannerNotByTheQuota() throws IOException {
        StateMachineRunner runner = runner(false);
        ObjectNode input = JsonPaths.MAPPER.createObjectNode();
        ArrayNode exportOnly = input.putArray("exportOnly");
        for (int i = 0; i < dev.analysisplatform.contract.ValueRules.MAX_EXPORT_ONLY_ENTRIES; i++) {
            exportOnly.add(String.format("%03d.", i) + "t".repeat(EXPORT_ONLY_NAME_LENGTH - 4));
        }

        assertThatThrownBy(() -> runner.run(definition(environment(0)), input))
                .isInstanceOfSatisfying(ExecutionFailed.class, failed -> {
                    assertThat(failed.error).endsWith("InvalidInputException");
                    assertThat(failed.cause).contains("select fewer sources or name fewer tables");
                });
        assertThat(runner.largestPayloadBytes()).isLessThan(PayloadLimit.MAX_BYTES);
    }

    private static boolean accepted(EnvironmentDefinition environment) {
        try {
            PlanBudget.check(environment);
            return true;
        } catch (InvalidEnvironmentException refused) {
            return false;
        }
    }

    /** The Plan state's input, as the definition passes it for an execution without input. */
    private static String planInput(EnvironmentDefinition environment) throws IOException {
        JsonNode parameters = definition(environment).path("States").path("Plan").path("Parameters");
        ObjectNode input = JsonPaths.MAPPER.createObjectNode();
        input.set("configuredSources", parameters.path("configuredSources"));
        input.putObject("executionInput");
        input.put("executionStartTime", "2026-11-25T03:00:00.123Z");
        return input.toString();
    }

    /** {@link #SOURCES} sources with the longest names, each naming {@code exportOnlyNames} of the longest tables. */
    private EnvironmentDefinition environment(int exportOnlyNames) throws IOException {
        ObjectNode file = (ObjectNode) JsonPaths.MAPPER.readTree(Path.of("..", "environments", "local.json").toFile());
        ArrayNode sources = file.putArray("sources");
        for (int i = 0; i < SOURCES; i++) {
            // The longest source names allowed (63 characters): the failure cause lists each failed one.
            ObjectNode source = sources.addObject().put("name", String.format("%03d_", i) + "n".repeat(59))
                    .put("accountId", "222222222222").put("externalId", "x".repeat(64));
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
