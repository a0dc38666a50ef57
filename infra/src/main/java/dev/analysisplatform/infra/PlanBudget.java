package dev.analysisplatform.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.InvalidEnvironmentException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The run's largest states, bounded at synth. Step Functions caps every state's input and output at 256 KiB ("Maximum
 * input or output size for a task, state, or execution: 256 KiB of data as a UTF-8 encoded string", Step Functions
 * service quotas) and fails the execution with States.DataLimitExceeded, which no Catch handles: an environment that
 * can outgrow it would deploy and then fail every night. Two states grow with the environment: the plan (every
 * configured source, with its ExternalId and exportOnly names) and the summary (one outcome per source).
 */
public final class PlanBudget {

    public static final int MAX_STATE_BYTES = Defaults.STATE_PAYLOAD_QUOTA_BYTES;
    public static final int BUDGET_BYTES = Defaults.STATE_PAYLOAD_BUDGET_BYTES;
    /**
     * What the planner adds to a configured source, at most, when the execution input overrides nothing but
     * {@code dryRun}: snapshotIdentifier (null), dryRun, runStartTime and deadline with their keys (about 130 bytes).
     */
    static final int PLANNER_FIELDS_BYTES = 160;
    /** A snapshotIdentifier override selects one source: one full cluster snapshot ARN at most. */
    static final int SNAPSHOT_OVERRIDE_BYTES = 360;
    /** {@code {"account":"222222222222","exports":[...]}} around each account's items. */
    static final int ACCOUNT_GROUP_BYTES = 40;
    /**
     * The largest outcome one source can add to the summary: the longest identifiers RDS and Glue allow and a
     * registration naming its stale tables (PayloadBudgetTest measures it).
     */
    public static final int MAX_OUTCOME_BYTES = 1_380;

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanBudget() {
    }

    /** The most the plan of a run of every source can weigh, as the Plan state's input and output carry it. */
    public static int planBytes(EnvironmentDefinition environment) {
        List<Map<String, Object>> configured = ExportWorkflow.configuredSources(environment);
        return bytes(configured) + configured.size() * PLANNER_FIELDS_BYTES + SNAPSHOT_OVERRIDE_BYTES
                + environment.sourceAccountIds().size() * ACCOUNT_GROUP_BYTES;
    }

    /** The most the summary of every source's outcome can weigh. */
    public static int summaryBytes(EnvironmentDefinition environment) {
        return environment.sources().size() * MAX_OUTCOME_BYTES;
    }

    /** Refuses an environment whose plan or summary could outgrow {@link #BUDGET_BYTES}, saying what to change. */
    public static void check(EnvironmentDefinition environment) {
        int plan = planBytes(environment);
        if (plan > BUDGET_BYTES) {
            throw new InvalidEnvironmentException("environments/" + environment.name() + ".json: sources: a run's plan "
                    + "would weigh up to " + plan + " bytes (" + percent(plan) + " of Step Functions' 256 KiB per "
                    + "state; the budget is " + BUDGET_BYTES + " bytes, 80%). Every source's exportOnly names and "
                    + "externalId ride in it: shorten them (export a schema instead of its tables), or split the "
                    + "sources into environments with their own namePrefix.");
        }
        int summary = summaryBytes(environment);
        if (summary > BUDGET_BYTES) {
            throw new InvalidEnvironmentException("environments/" + environment.name() + ".json: sources: "
                    + environment.sources().size() + " outcomes would weigh up to " + summary + " bytes, over the "
                    + BUDGET_BYTES + "-byte budget; at most " + Defaults.MAX_SOURCES_PER_ENVIRONMENT
                    + " sources per environment.");
        }
    }

    private static String percent(int bytes) {
        return Math.round(bytes * 100.0 / MAX_STATE_BYTES) + "%";
    }

    private static int bytes(Object value) {
        try {
            return JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the plan", e);
        }
    }
}
