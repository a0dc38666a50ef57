package dev.analysisplatform.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Runs a deployed Amazon States Language definition step by step, as Step Functions would: Task (Lambda
 * function ARNs and the SNS and S3 integrations the host provides, with Retry and Catch), Pass, Choice, Wait, Map
 * (inline, or distributed into child executions, with an S3 ItemReader and ResultWriter), Succeed and Fail, with InputPath, Parameters, ResultSelector, ResultPath and OutputPath. Time comes from a
 * {@link RunClock} (real with shortened waits, or compressed); every step is timed and every execution's history
 * counted ({@link ExecutionHistory}).
 *
 * <p>Deliberately small and strict: a state field it does not implement is an error, not ignored. It follows the
 * AWS behaviour the project relies on: each retrier counts its own attempts ("Step Functions ... keeps track of the
 * retry count per retrier"), and a state input, output or task result over 256 KiB fails the execution with
 * {@code States.DataLimitExceeded}, which no Catch handles ("States.ALL ... can't catch the
 * States.DataLimitExceeded terminal error type and runtime error types"). Tests hold it against moto's Step
 * Functions engine (a port of LocalStack's) on every path of the project's definition.
 */
public final class StateMachineRunner {

    public static final String TIMEOUT = "States.Timeout";
    static final String RUNTIME = "States.Runtime";
    /** Errors no Retry or Catch handles: the execution's timeout, and what AWS calls terminal and runtime errors. */
    private static final java.util.Set<String> UNHANDLED = java.util.Set.of(TIMEOUT, PayloadLimit.DATA_LIMIT_EXCEEDED, RUNTIME);

    /** One executed state: where, how long, and (for waits) how long the definition asked for. */
    public record Step(String path, String type, Duration took, String note) {
    }

    private final Function<String, ? extends Invoker> functions;
    private final RunClock clock;
    public final List<Step> steps = Collections.synchronizedList(new ArrayList<>());
    public final ExecutionHistory history = new ExecutionHistory();
    private final PayloadLimit payloads = new PayloadLimit();
    private volatile java.time.Instant timesOutAt;

    /** Real time, waits cut to {@code maxWait}. */
    public StateMachineRunner(Function<String, ? extends Invoker> functions, Duration maxWait) {
        this(functions, RunClock.capped(maxWait));
    }

    public StateMachineRunner(Function<String, ? extends Invoker> functions, RunClock clock) {
        this.functions = functions;
        this.clock = clock;
    }

    public JsonNode run(JsonNode definition, JsonNode input) {
        String name = UUID.randomUUID().toString();
        payloads.check(input, "execution input");
        // TimeoutSeconds: past it the execution fails with States.Timeout, its child executions with it.
        timesOutAt = definition.has("TimeoutSeconds")
                ? clock.now().plusSeconds(definition.get("TimeoutSeconds").asLong()) : null;
        ExecutionHistory.Execution execution = history.start(name, input);
        try {
            return runMachine(definition, input, executionContext(name, input), "", execution);
        } finally {
            execution.finish(clock.now());
        }
    }

    private ObjectNode executionContext(String name, JsonNode input) {
        ObjectNode context = JsonPaths.MAPPER.createObjectNode();
        context.putObject("Execution").put("Id", "local:" + name).put("Name", name)
                .put("StartTime", clock.now().toString())
                .set("Input", input);
        return context;
    }

    private JsonNode runMachine(JsonNode machine, JsonNode input, JsonNode context, String prefix,
                                ExecutionHistory.Execution execution) {
        String current = machine.path("StartAt").asText();
        JsonNode data = input;
        while (true) {
            JsonNode state = machine.path("States").path(current);
            if (state.isMissingNode()) {
                throw new IllegalStateException("no state named " + current);
            }
            String type = state.path("Type").asText();
            StateFields.check(prefix + current, state);
            long started = System.nanoTime();
            java.time.Instant entered = clock.now();
            ((ObjectNode) context).putObject("State").put("Name", current).put("EnteredTime", entered.toString());
            if (timesOutAt != null && entered.isAfter(timesOutAt)) {
                throw new ExecutionFailed(TIMEOUT, "the execution ran past its TimeoutSeconds, at " + timesOutAt);
            }
            execution.state(type);
            Transition transition;
            try {
                transition = execute(current, state, data, context, prefix + current, execution);
            } catch (JsonPaths.PathNotFound missing) {
                // What Step Functions does with a path that matches nothing: the execution fails.
                throw new ExecutionFailed("States.Runtime", "state " + prefix + current + ": " + missing.getMessage());
            }
            steps.add(new Step(prefix + current, type, Duration.ofNanos(System.nanoTime() - started), transition.note));
            payloads.check(transition.output, "output of state " + prefix + current);
            if (prefix.isEmpty()) {
                execution.exited(current, transition.output);
            }
            data = transition.output;
            if (transition.next == null) {
                return data;
            }
            current = transition.next;
        }
    }

    private record Transition(JsonNode output, String next, String note) {
    }

    private Transition execute(String name, JsonNode state, JsonNode raw, JsonNode context, String path,
                               ExecutionHistory.Execution execution) {
        String type = state.path("Type").asText();
        JsonNode input = state.has("InputPath") ? JsonPaths.read(state.get("InputPath").asText(), raw, context) : raw;
        switch (type) {
            case "Pass": {
                JsonNode result = state.has("Parameters") ? JsonPaths.template(state.get("Parameters"), input, context)
                        : state.has("Result") ? state.get("Result") : input;
                return next(state, output(state, raw, result, context), null);
            }
            case "Task":
                return task(state, raw, input, context, execution);
            case "Choice":
                return new Transition(outputPath(state, input, context), ChoiceRules.choose(state, input, context), null);
            case "Wait": {
                int seconds = state.path("Seconds").asInt();
                Duration waited = clock.pass(Duration.ofSeconds(seconds));
                return next(state, outputPath(state, input, context), "definition waits " + seconds + " s; waited "
                        + waited.toMillis() + " ms");
            }
            case "Map":
                return retriedOrCaught(state, raw, execution, () -> map(state, raw, input, context, path, execution));
            case "Succeed":
                return new Transition(outputPath(state, input, context), null, null);
            case "Fail": {
                String error = state.has("ErrorPath") ? JsonPaths.expression(state.get("ErrorPath").asText(), input, context).asText()
                        : state.path("Error").asText();
                String cause = state.has("CausePath") ? JsonPaths.expression(state.get("CausePath").asText(), input, context).asText()
                        : state.path("Cause").asText();
                throw new ExecutionFailed(error, cause);
            }
            default:
                throw new IllegalStateException("state type " + type + " of " + name + " is not supported locally");
        }
    }

    private Transition task(JsonNode state, JsonNode raw, JsonNode input, JsonNode context,
                            ExecutionHistory.Execution execution) {
        String resource = state.path("Resource").asText();
        Invoker target = functions.apply(resource);
        if (target == null) {
            throw new IllegalStateException("Task resource " + resource + " is not available in the local run");
        }
        JsonNode payload = state.has("Parameters") ? JsonPaths.template(state.get("Parameters"), input, context) : input;
        payloads.check(payload, "input of a task");
        return retriedOrCaught(state, raw, execution, () -> {
            JsonNode result;
            try {
                result = JsonPaths.MAPPER.readTree(target.invoke(payload.toString()));
            } catch (FunctionError error) {
                throw new ExecutionFailed(error.error, error.cause);
            } catch (java.io.IOException e) {
                throw new ExecutionFailed(RUNTIME, "the function returned invalid JSON: " + e.getMessage());
            }
            payloads.check(result, "result of a task");
            if (state.has("ResultSelector")) {
                result = JsonPaths.template(state.get("ResultSelector"), result, context);
            }
            return next(state, output(state, raw, result, context), null);
        });
    }

    /**
     * A Task's or Map's Retry and Catch around one attempt of the state: a function's error, or a map's own
     * (States.ItemReaderFailed, States.ResultWriterFailed, and States.ExceedToleratedFailureThreshold when a child
     * failed). Neither handles the execution's timeout, States.DataLimitExceeded or States.Runtime ("States.ALL ...
     * can't catch the States.DataLimitExceeded terminal error type and runtime error types").
     */
    private Transition retriedOrCaught(JsonNode state, JsonNode raw, ExecutionHistory.Execution execution,
                                       java.util.function.Supplier<Transition> attempt) {
        Map<JsonNode, Integer> attempts = new IdentityHashMap<>();
        while (true) {
            try {
                Transition done = attempt.get();
                int retries = attempts.values().stream().mapToInt(Integer::intValue).sum();
                return retries > 0 && done.note() == null ? new Transition(done.output(), done.next(), retries + " retries")
                        : done;
            } catch (ExecutionFailed failed) {
                if (UNHANDLED.contains(failed.error)) {
                    throw failed;
                }
                JsonNode retry = ErrorRules.matching(state.path("Retry"), failed.error);
                int attempted = retry == null ? 0 : attempts.getOrDefault(retry, 0);
                if (retry != null && attempted < retry.path("MaxAttempts").asInt(3)) {
                    attempts.put(retry, attempted + 1);
                    execution.retried();
                    clock.pass(Duration.ofMillis((long) (retry.path("IntervalSeconds").asDouble(1)
                            * Math.pow(retry.path("BackoffRate").asDouble(2), attempted) * 1000)));
                    continue;
                }
                JsonNode caught = ErrorRules.matching(state.path("Catch"), failed.error);
                if (caught == null) {
                    throw failed;
                }
                ObjectNode errorOutput = JsonPaths.MAPPER.createObjectNode().put("Error", failed.error)
                        .put("Cause", failed.cause);
                JsonNode output = JsonPaths.write(caught.has("ResultPath") ? caught.get("ResultPath").asText() : "$",
                        raw, errorOutput);
                return new Transition(output, caught.path("Next").asText(), "caught " + failed.error);
            }
        }
    }

    /** The largest state input, output or task payload seen so far, in bytes (UTF-8). */
    public int largestPayloadBytes() {
        return payloads.largestBytes();
    }

    /**
     * An inline Map runs its iterations inside this execution; a Distributed Map ({@code ProcessorConfig.Mode:
     * DISTRIBUTED}) runs each as a child execution with its own context and history. A child that fails uncaught
     * fails the map run with States.ExceedToleratedFailureThreshold, as a map run without ToleratedFailurePercentage
     * does ("the Map Run fails ... if the number of failed items exceeds the threshold", Distributed Map guide).
     */
    private Transition map(JsonNode state, JsonNode raw, JsonNode input, JsonNode context, String path,
                           ExecutionHistory.Execution execution) {
        JsonNode items = state.has("ItemReader") ? readItems(state.get("ItemReader"), input, context)
                : JsonPaths.read(state.path("ItemsPath").asText("$"), input, context);
        JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
        boolean distributed = processor.path("ProcessorConfig").path("Mode").asText("INLINE").equals("DISTRIBUTED");
        int concurrency = state.path("MaxConcurrency").asInt(0);
        if (distributed) {
            execution.mapRun();
        }
        List<Callable<JsonNode>> iterations = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ObjectNode itemContext = ((ObjectNode) context).deepCopy();
            itemContext.putObject("Map").putObject("Item").put("Index", i).set("Value", items.get(i));
            JsonNode itemInput = state.has("ItemSelector")
                    ? JsonPaths.template(state.get("ItemSelector"), input, itemContext) : items.get(i);
            String label = path + "[" + i + "]/";
            if (!distributed) {
                execution.inlineIteration();
                iterations.add(() -> runMachine(processor, itemInput, itemContext, label, execution));
                continue;
            }
            String child = execution.name + "/" + state.path("Label").asText(path) + ":" + i;
            iterations.add(() -> {
                payloads.check(itemInput, "input of child execution " + child);
                ExecutionHistory.Execution childExecution = history.start(child, itemInput);
                try {
                    return runMachine(processor, itemInput, executionContext(child, itemInput), label,
                            childExecution);
                } catch (ExecutionFailed failed) {
                    if (failed.error.equals(TIMEOUT)) {
                        throw failed;
                    }
                    throw new ExecutionFailed("States.ExceedToleratedFailureThreshold", "child execution "
                            + child + " failed: " + failed.getMessage());
                } finally {
                    childExecution.finish(clock.now());
                }
            });
        }
        ArrayNode results = JsonPaths.MAPPER.createArrayNode();
        Parallel.all(iterations, concurrency).forEach(results::add);
        String what = items.size() + (distributed ? " child execution" : " item") + (items.size() == 1 ? "" : "s");
        JsonNode result = state.has("ResultWriter")
                ? writeResults(state.get("ResultWriter"), input, context, execution.name, items, results) : results;
        return next(state, output(state, raw, result, context), what + (items.size() <= 1 ? ""
                : concurrency <= 0 || concurrency >= items.size() ? ", all at once" : ", at most " + concurrency + " at a time"));
    }

    /**
     * ItemReader over one JSON object in S3 ({@code arn:<partition>:states:::s3:getObject}, {@code InputType: JSON}):
     * the object is the array of items. The task resource's invoker answers with the object's text.
     */
    private JsonNode readItems(JsonNode reader, JsonNode input, JsonNode context) {
        String resource = reader.path("Resource").asText();
        if (!resource.endsWith(":::s3:getObject") || !reader.path("ReaderConfig").path("InputType").asText().equals("JSON")) {
            throw new IllegalStateException("ItemReader " + reader + " is not supported locally (only s3:getObject of JSON)");
        }
        JsonNode parameters = JsonPaths.template(reader.path("Parameters"), input, context);
        String text = invoker(resource).invoke(parameters.toString());
        try {
            JsonNode items = JsonPaths.MAPPER.readTree(text);
            if (!items.isArray()) {
                throw new ExecutionFailed("States.ItemReaderFailed", "the item reader's object is not a JSON array");
            }
            return items;
        } catch (java.io.IOException e) {
            throw new ExecutionFailed("States.ItemReaderFailed", "the item reader's object is not JSON: " + e.getMessage());
        }
    }

    /**
     * ResultWriter ({@code arn:<partition>:states:::s3:putObject}): as Step Functions does, the children's results go
     * to {@code <Prefix>/<map run id>/SUCCEEDED_0.json} (execution metadata with Input and Output as JSON text) and a
     * {@code manifest.json} listing the files; the state's result is only where they are.
     */
    private JsonNode writeResults(JsonNode writer, JsonNode input, JsonNode context, String executionName,
                                  JsonNode items, ArrayNode results) {
        String resource = writer.path("Resource").asText();
        if (!resource.endsWith(":::s3:putObject")) {
            throw new IllegalStateException("ResultWriter " + writer + " is not supported locally (only s3:putObject)");
        }
        JsonNode parameters = JsonPaths.template(writer.path("Parameters"), input, context);
        String bucket = parameters.path("Bucket").asText();
        String prefix = parameters.path("Prefix").asText("");
        String mapRunId = UUID.randomUUID().toString();
        String mapRunArn = "local:mapRun:" + executionName + "/" + mapRunId;
        String base = (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/") + mapRunId + "/";
        ArrayNode succeeded = JsonPaths.MAPPER.createArrayNode();
        for (int i = 0; i < results.size(); i++) {
            succeeded.addObject().put("ExecutionArn", "local:" + executionName + ":" + i)
                    .put("Input", items.get(i).toString()).put("Output", results.get(i).toString())
                    .put("Status", "SUCCEEDED");
        }
        Invoker put = invoker(resource);
        String resultsKey = base + "SUCCEEDED_0.json";
        put.invoke(JsonPaths.MAPPER.createObjectNode().put("Bucket", bucket).put("Key", resultsKey)
                .put("Body", succeeded.toString()).toString());
        ObjectNode manifest = JsonPaths.MAPPER.createObjectNode().put("DestinationBucket", bucket)
                .put("MapRunArn", mapRunArn);
        ObjectNode files = manifest.putObject("ResultFiles");
        files.putArray("FAILED");
        files.putArray("PENDING");
        files.putArray("SUCCEEDED").addObject().put("Key", resultsKey).put("Size", succeeded.toString().length());
        String manifestKey = base + "manifest.json";
        put.invoke(JsonPaths.MAPPER.createObjectNode().put("Bucket", bucket).put("Key", manifestKey)
                .put("Body", manifest.toString()).toString());
        ObjectNode result = JsonPaths.MAPPER.createObjectNode().put("MapRunArn", mapRunArn);
        result.putObject("ResultWriterDetails").put("Bucket", bucket).put("Key", manifestKey);
        return result;
    }

    private Invoker invoker(String resource) {
        Invoker target = functions.apply(resource);
        if (target == null) {
            throw new IllegalStateException("resource " + resource + " is not available in the local run");
        }
        return target;
    }

    private static JsonNode output(JsonNode state, JsonNode raw, JsonNode result, JsonNode context) {
        String resultPath = state.has("ResultPath") ? (state.get("ResultPath").isNull() ? null : state.get("ResultPath").asText()) : "$";
        return outputPath(state, JsonPaths.write(resultPath, raw, result), context);
    }

    private static JsonNode outputPath(JsonNode state, JsonNode data, JsonNode context) {
        return state.has("OutputPath") ? JsonPaths.read(state.get("OutputPath").asText(), data, context) : data;
    }

    private static Transition next(JsonNode state, JsonNode output, String note) {
        return new Transition(output, state.path("End").asBoolean() ? null : state.path("Next").asText(null), note);
    }
}
