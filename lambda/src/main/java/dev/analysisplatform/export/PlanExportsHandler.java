package dev.analysisplatform.export;

import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.contract.ValueRules;
import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.runtime.JsonInput;
import dev.analysisplatform.export.runtime.JsonOutput;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.analysisplatform.export.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point {@code dev.analysisplatform.export.PlanExportsHandler::handleRequest}, the state machine's
 * first step. Input: {@code {"configuredSources": [...], "executionInput": <anything>}}; output:
 * {@code {"accounts": [{"account": id, "exports": [one complete exporter input per selected source]}]}}, grouped
 * by source account because RDS's limit on concurrent exports is per account. It makes no AWS calls.
 */
public final class PlanExportsHandler implements RequestStreamHandler {

    static final String CONFIGURED_SOURCES = FunctionContract.CONFIGURED_SOURCES;
    static final String EXECUTION_INPUT = FunctionContract.EXECUTION_INPUT;
    /** {@code $$.Execution.StartTime}, passed on to every planned export as its run start time. */
    static final String EXECUTION_START_TIME = FunctionContract.EXECUTION_START_TIME;

    private final ExportPlanner planner = new ExportPlanner();

    @Override
    @SuppressWarnings("unchecked")
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> request = JsonInput.read(input).asMap();
        if (!(request.get(CONFIGURED_SOURCES) instanceof List<?> configured)
                || !configured.stream().allMatch(Map.class::isInstance)) {
            // Written by Terraform, never by people: a wrong shape is a deployment bug.
            throw new InvalidInputException("'" + CONFIGURED_SOURCES + "' must be an array of source objects "
                    + "(the state machine definition passes it).");
        }
        String startTime = JsonInput.of(request).string(EXECUTION_START_TIME, ValueRules::instant);
        if (startTime == null) {
            // The state machine compares every export's deadline with the clock; without it that comparison fails.
            throw new InvalidInputException("'" + EXECUTION_START_TIME + "' must be set (the state machine definition "
                    + "passes $$.Execution.StartTime).");
        }
        List<Map<String, Object>> plan = planner.plan((List<Map<String, Object>>) configured,
                ExecutionInput.strict(request.get(EXECUTION_INPUT)), startTime);
        new DecisionLog(context.getLogger()).record("plan", "sources",
                plan.stream().map(i -> i.get(ExportRequestParser.SOURCE_NAME)).toList());
        Map<String, Object> planned = Map.of(FunctionContract.ACCOUNTS, ExportPlanner.byAccount(plan));
        byte[] json = JsonOutput.asString(planned).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int bytes = json.length;
        if (bytes > Defaults.STATE_PAYLOAD_BUDGET_BYTES) {
            // Synth bounds the configured plan; an override copied into every selected source can still outgrow it,
            // and past 256 KiB the run would fail with States.DataLimitExceeded, which nothing catches.
            throw new InvalidInputException("This input plans " + plan.size() + " exports weighing " + bytes
                    + " bytes, over the " + Defaults.STATE_PAYLOAD_BUDGET_BYTES + " bytes a run's plan may use (80% of "
                    + "Step Functions' 256 KiB per state): an exportOnly or snapshotTypes override is copied into every "
                    + "selected source; select fewer sources or name fewer tables.");
        }
        output.write(json);
    }
}
