package dev.analysisplatform.export.run;

import dev.analysisplatform.contract.RunStore;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.contract.ValueRules;
import dev.analysisplatform.export.ExecutionInput;
import dev.analysisplatform.export.ExportPlanner;
import dev.analysisplatform.export.ExportRequestParser;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import dev.analysisplatform.export.errors.InvalidInputException;
import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.runtime.JsonInput;
import dev.analysisplatform.export.runtime.JsonOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point {@code dev.analysisplatform.export.run.PlanExportsHandler::handleRequest}, the state machine's
 * first step. Input: {@code {"runBucket", "run": the execution's name, "executionInput": <anything>,
 * "executionStartTime"}}. It reads the configured sources Terraform wrote ({@link RunRecords#CONFIGURED_SOURCES_KEY}),
 * applies the execution input's overrides, and writes the plan as run records: one object per source account and
 * region (RDS's limit of concurrent exports is per account and region) and an index of them, which the Distributed
 * Maps read with ItemReader. Its output stays the same size whatever the fleet:
 * {@code {"runBucket", "run", "plan": key of the index, "sources": n, "groups": n}}.
 */
public final class PlanExportsHandler implements RequestStreamHandler {

    private final ExportPlanner planner = new ExportPlanner();
    private final RunStore store;

    public PlanExportsHandler() {
        this(S3RunStore.standard());
    }

    public PlanExportsHandler(RunStore store) {
        this.store = store;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonInput request = JsonInput.read(input);
        String bucket = required(request, FunctionContract.RUN_BUCKET, ValueRules::bucket);
        String run = required(request, FunctionContract.RUN, ValueRules::executionName);
        // The state machine compares every export's deadline with the clock; without a start time that comparison fails.
        String startTime = required(request, FunctionContract.EXECUTION_START_TIME, ValueRules::instant);
        List<Map<String, Object>> plan = planner.plan(configuredSources(bucket),
                ExecutionInput.strict(request.asMap().get(FunctionContract.EXECUTION_INPUT)), startTime);
        new DecisionLog(context.getLogger()).record("plan", "sources",
                plan.stream().map(i -> i.get(ExportRequestParser.SOURCE_NAME)).toList());

        List<Map<String, Object>> index = new ArrayList<>();
        for (ExportPlanner.Group group : ExportPlanner.groups(plan)) {
            String key = RunRecords.groupKey(run, group.account(), group.region());
            store.write(bucket, key, JsonOutput.asString(group.exports()));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(RunRecords.ACCOUNT, group.account());
            entry.put(RunRecords.REGION, group.region());
            entry.put(RunRecords.KEY, key);
            entry.put(RunRecords.SOURCES, group.exports().size());
            index.add(entry);
        }
        // Written last: a retried plan rewrites the same groups, and nothing reads them before the index exists.
        store.write(bucket, RunRecords.planKey(run), JsonOutput.asString(index));
        Map<String, Object> planned = new LinkedHashMap<>();
        planned.put(FunctionContract.RUN_BUCKET, bucket);
        planned.put(FunctionContract.RUN, run);
        planned.put(FunctionContract.PLAN, RunRecords.planKey(run));
        planned.put(FunctionContract.PLANNED_SOURCES, plan.size());
        planned.put(FunctionContract.PLANNED_GROUPS, index.size());
        JsonOutput.write(planned, output);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> configuredSources(String bucket) throws IOException {
        String text = store.read(bucket, RunRecords.CONFIGURED_SOURCES_KEY);
        if (text == null) {
            throw new InvalidConfigurationException("s3://" + bucket + "/" + RunRecords.CONFIGURED_SOURCES_KEY
                    + " does not exist: the analytics stack writes it (npx cdktf deploy <environment>).");
        }
        Object parsed = JSON.std.anyFrom(text);
        if (!(parsed instanceof List<?> configured) || !configured.stream().allMatch(Map.class::isInstance)) {
            // Written by Terraform, never by people: a wrong shape is a deployment bug.
            throw new InvalidConfigurationException("s3://" + bucket + "/" + RunRecords.CONFIGURED_SOURCES_KEY
                    + " must be a JSON array of source objects (the analytics stack writes it).");
        }
        return (List<Map<String, Object>>) configured;
    }

    /** Fields the state machine definition passes; missing means the definition and the function disagree. */
    private static String required(JsonInput request, String field, java.util.function.Function<String, String> rule) {
        String value = request.string(field, rule);
        if (value == null) {
            throw new InvalidInputException("'" + field + "' must be set (the state machine definition passes it).");
        }
        return value;
    }
}
