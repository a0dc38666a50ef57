package dev.analysisplatform.local;

import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.asl.Invoker;
import dev.analysisplatform.local.asl.FunctionError;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.analysisplatform.export.ExportResult;
import dev.analysisplatform.export.ExportSelection;
import dev.analysisplatform.export.runtime.JsonOutput;
import dev.analysisplatform.export.run.PlanExportsHandler;
import dev.analysisplatform.contract.RunStore;
import dev.analysisplatform.export.run.SummarizeRunHandler;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.infra.ExportWorkflow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Every path of the export state machine, as stand-in functions that answer exactly what the real handlers answer
 * (the real planner; start and status outputs built by {@link ExportResult}). A scenario makes fresh functions for
 * each engine run, so per-run state (how many attempts failed so far) starts from zero in both engines.
 */
final class ExportScenarios {

    static final String PLAN = "plan";
    static final String START = "start";
    static final String STATUS = "status";
    static final String REGISTER = "register";
    static final String SUMMARIZE = "summarize";
    static final String ERRORS = "dev.analysisplatform.export.errors.";

    /** One path: its execution input, its functions, and whether publishing to the failure topic fails. */
    record Scenario(String name, String input, Function<Counter, Map<String, Invoker>> functions, boolean topicMissing) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Invocations per function, counted the same way in both engines, and the run records the engine uses. */
    static final class Counter {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final RunStore store;

        Counter(RunStore store) {
            this.store = store;
        }

        Invoker counted(String function, Invoker invoker) {
            return payload -> {
                calls.computeIfAbsent(function, f -> new AtomicInteger()).incrementAndGet();
                return invoker.invoke(payload);
            };
        }

        Map<String, Integer> snapshot() {
            Map<String, Integer> result = new java.util.TreeMap<>();
            calls.forEach((k, v) -> result.put(k, v.get()));
            return result;
        }
    }

    private ExportScenarios() {
    }

    static java.util.List<Scenario> all() {
        return java.util.List.of(
                new Scenario("happy path", "{}", c -> functions(c, ExportScenarios::started, complete(), registered()), false),
                new Scenario("canceled without cause", "{}", c -> functions(c, ExportScenarios::started,
                        ended("shop_orders", "CANCELED", null), registered()), false),
                new Scenario("failed with cause", "{}", c -> functions(c, ExportScenarios::started,
                        ended("shop_orders", "FAILED", "The IAM role does not have access to the S3 bucket"), registered()), false),
                new Scenario("quota retry", "{}", c -> functions(c, failFirst(ERRORS + "ExportQuotaExceededException",
                        ExportScenarios::started), complete(), registered()), false),
                new Scenario("no snapshot", "{}", c -> functions(c, failFor("shop_billing",
                        ERRORS + "NoSnapshotFoundException", ExportScenarios::started), complete(), registered()), false),
                new Scenario("already exported", "{}", c -> functions(c, request -> export(request, "COMPLETE", true, null),
                        complete(), registered()), false),
                new Scenario("dry run", "{\"dryRun\": true}", c -> functions(c,
                        request -> export(request, ExportResult.NOT_STARTED, false, null), complete(), registered()), false),
                new Scenario("registration failure", "{}", c -> functions(c, ExportScenarios::started, complete(),
                        request -> {
                            if (request.path("sourceName").asText().equals("shop_orders")) {
                                throw error(ERRORS + "CatalogRegistrationException", "No export_tables_info_*.json");
                            }
                            return registered().apply(request);
                        }), false),
                new Scenario("notification failure", "{}", c -> functions(c, failFor("shop_orders",
                        ERRORS + "NoSnapshotFoundException", ExportScenarios::started), complete(), registered()), true),
                new Scenario("response lost after start", "{}", c -> functions(c, failFirst(ERRORS
                        + "AwsUnavailableException", ExportScenarios::started), complete(), registered()), false),
                new Scenario("stale snapshot", "{}", c -> functions(c, failFor("shop_orders",
                        ERRORS + "SnapshotTooOldException", ExportScenarios::started), complete(), registered()), false),
                // As if shop_orders' export had run for 22 hours: its deadline is already past at the first check.
                new Scenario("past the deadline", "{}", c -> {
                    Map<String, Invoker> functions = functions(c, ExportScenarios::started,
                            ended("shop_orders", "IN_PROGRESS", null), registered());
                    functions.put(PLAN, c.counted(PLAN, payload -> deadlinePassed(c.store, plan(payload, c.store),
                            "shop_orders")));
                    return functions;
                }, false),
                // shop_orders' registration kept a table on its previous export (RDS failed it): the run succeeds and
                // says so once.
                new Scenario("stale tables", "{}", c -> functions(c, ExportScenarios::started, complete(), request -> {
                    ObjectNode out = (ObjectNode) parse(registered().apply(request));
                    if (request.path("sourceName").asText().equals("shop_orders")) {
                        out.put("incompleteTables", 1);
                        out.putArray("incomplete").add("shop_orders: shop.public.orders (RDS export status FAILED): "
                                + "shop_orders_shop_public_orders keeps an earlier export");
                    }
                    return out.toString();
                }), false),
                new Scenario("result over 256 KiB", "{}", c -> functions(c, request ->
                        request.path("sourceName").asText().equals("shop_orders")
                                ? export(request, "STARTING", false, "x".repeat(270_000)) : started(request),
                        complete(), registered()), false));
    }

    private static Map<String, Invoker> functions(Counter counter, Function<JsonNode, String> start,
                                                  Function<JsonNode, String> status, Function<JsonNode, String> register) {
        Map<String, Invoker> functions = new LinkedHashMap<>();
        functions.put(PLAN, counter.counted(PLAN, payload -> plan(payload, counter.store)));
        functions.put(START, counter.counted(START, payload -> start.apply(parse(payload))));
        functions.put(STATUS, counter.counted(STATUS, payload -> status.apply(parse(payload))));
        functions.put(REGISTER, counter.counted(REGISTER, payload -> register.apply(parse(payload))));
        functions.put(SUMMARIZE, counter.counted(SUMMARIZE, payload -> summarize(payload, counter.store)));
        return functions;
    }

    /** The real planner, keeping the run's records in {@code store}. */
    static String plan(String payload, RunStore store) {
        return handle(new PlanExportsHandler(store), payload);
    }

    /** The real summary, from the run's records in {@code store}. */
    static String summarize(String payload, RunStore store) {
        return handle(new SummarizeRunHandler(store), payload);
    }

    private static String handle(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, String payload) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, context());
            return out.toString(StandardCharsets.UTF_8);
        } catch (dev.analysisplatform.export.errors.ExporterException e) {
            throw error(e.getClass().getName(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A run over {@code store}: the state machine's S3 tasks, the real planner and the real summary (under their
     * short names, as a definition built with Resources("plan", ..., "summarize", ...) calls them); the caller adds
     * start, status and register.
     */
    static Map<String, Invoker> runFunctions(RunStore store) {
        Map<String, Invoker> functions = new java.util.HashMap<>(dev.analysisplatform.local.lambda.S3Tasks.invokers("aws", store));
        functions.put(PLAN, payload -> plan(payload, store));
        functions.put(SUMMARIZE, payload -> summarize(payload, store));
        return functions;
    }

    /** The configured sources of {@code environment}, as Terraform writes them, in {@code store}. */
    static RunStore configured(RunStore store, dev.analysisplatform.environment.EnvironmentDefinition environment) {
        store.write(environment.exportBucketName(), RunRecords.CONFIGURED_SOURCES_KEY,
                dev.analysisplatform.infra.RunConfiguration.json(environment));
        return store;
    }

    /** Every source's outcome in the report of {@code run} (null before the summary wrote it). */
    static JsonNode outcomes(RunStore store, String bucket, String run) {
        String report = store.read(bucket, RunRecords.summaryKey(run));
        return report == null ? null : parse(report).path(RunRecords.OUTCOMES);
    }

    /** After planning: {@code source}'s deadline moved into the past in the plan's records. */
    private static String deadlinePassed(RunStore store, String plan, String source) {
        JsonNode planned = parse(plan);
        String bucket = planned.path("runBucket").asText();
        for (JsonNode group : parse(store.read(bucket, planned.path("plan").asText()))) {
            String key = group.path(RunRecords.KEY).asText();
            JsonNode exports = parse(store.read(bucket, key));
            for (JsonNode export : exports) {
                if (export.path("sourceName").asText().equals(source)) {
                    ((ObjectNode) export).put("deadline", "2026-11-25T03:00:00Z");
                }
            }
            store.write(bucket, key, exports.toString());
        }
        return plan;
    }

    private static String started(JsonNode request) {
        return export(request, "STARTING", false, null);
    }

    /** What the start handler writes, field for field. */
    static String export(JsonNode request, String status, boolean alreadyExported, String warning) {
        String source = request.path("sourceName").asText();
        String snapshot = source.replace('_', '-') + "-snapshot-1";
        ExportResult result = new ExportResult("exp-" + snapshot + "-0123456789", status, source,
                "arn:aws:rds:us-east-1:222222222222:cluster-snapshot:" + snapshot, snapshot,
                Instant.parse("2026-11-25T03:10:00Z"), "analysis-platform-local-exports", "exports/" + source + "/db",
                ExportSelection.ALL, alreadyExported, request.path("dryRun").asBoolean(),
                new ExportResult.Progress(null, null, warning, null));
        return json(result.toJson());
    }

    /** The start/status output with every identifier as long as RDS allows, for payload budgets. */
    static String longestExport(JsonNode request, String status) {
        String source = request.path("sourceName").asText();
        ExportResult result = new ExportResult("exp-" + "s".repeat(45) + "-0123456789", status, source,
                "arn:aws:rds:us-east-1:222222222222:cluster-snapshot:" + "s".repeat(255), "s".repeat(255),
                Instant.parse("2026-11-25T03:10:00Z"), "b".repeat(63), "p".repeat(200) + "/" + source + "/db",
                ExportSelection.ALL, false, false, new ExportResult.Progress(100, null, "w".repeat(1000), 1000));
        Map<String, Object> json = new LinkedHashMap<>(JsonPaths.MAPPER.convertValue(request, Map.class));
        json.putAll(result.toJson());
        return json(json);
    }

    /** The largest registration output: counts and 5 sample tables with names of Glue's maximum length. */
    static String largestRegistration() {
        return largestRegistration(false);
    }

    /** With {@code staleTables}, also the most tables a registration names as bringing no fresh data. */
    static String largestRegistration(boolean staleTables) {
        ObjectNode out = (ObjectNode) parse(registered().apply(JsonPaths.MAPPER.createObjectNode()
                .put("exportTaskIdentifier", "e".repeat(60))));
        ArrayNode sample = out.putArray("sample");
        for (int i = 0; i < 5; i++) {
            sample.addObject().put("table", "t".repeat(247)).put("history", "t".repeat(247) + "_history")
                    .put("partitions", 1000).put("action", "kept-newer");
        }
        out.putObject("actions").put("created", 1000).put("moved", 1000).put("unchanged", 1000)
                .put("kept-newer", 1000).put("repaired", 1000);
        if (staleTables) {
            // RegistrationSummary: at most 2 incomplete tables named, 120 characters each.
            out.put("incompleteTables", 1000);
            ArrayNode incomplete = out.putArray("incomplete");
            for (int i = 0; i < 2; i++) {
                incomplete.add("i".repeat(120));
            }
        }
        return out.toString();
    }

    private static Function<JsonNode, String> complete() {
        return request -> status(request, "COMPLETE", null);
    }

    private static Function<JsonNode, String> ended(String failingSource, String status, String cause) {
        return request -> request.path("sourceName").asText().equals(failingSource)
                ? status(request, status, cause) : status(request, "COMPLETE", null);
    }

    /** What the status handler writes: its input with the status fields brought up to date. */
    static String status(JsonNode request, String status, String cause) {
        Map<String, Object> result = new LinkedHashMap<>(JsonPaths.MAPPER.convertValue(request, Map.class));
        result.put(ExportResult.STATUS, status);
        result.putAll(new ExportResult.Progress("COMPLETE".equals(status) ? 100 : 40, cause, null,
                "COMPLETE".equals(status) ? 1 : null).toJson());
        return json(result);
    }

    private static Function<JsonNode, String> registered() {
        return request -> {
            ObjectNode out = JsonPaths.MAPPER.createObjectNode();
            out.put("glueDatabase", "analysis_platform_local");
            out.put("exportTaskIdentifier", request.path("exportTaskIdentifier").asText());
            out.put("tablesRegistered", 2);
            out.put("dataAgeHours", 1);
            out.put("partitions", 2);
            out.putObject("actions").put("created", 2);
            out.put("incompleteTables", 0);
            out.putArray("incomplete");
            out.put("absentTables", 0);
            out.put("invalidTables", 0);
            out.put("warnings", 0);
            out.putArray("sample");
            return out.toString();
        };
    }

    /** The first call for each source fails with {@code error}; later ones answer as {@code then}. */
    private static Function<JsonNode, String> failFirst(String error, Function<JsonNode, String> then) {
        Set<String> failed = ConcurrentHashMap.newKeySet();
        return request -> {
            if (failed.add(request.path("sourceName").asText())) {
                throw error(error, "first attempt for " + request.path("sourceName").asText());
            }
            return then.apply(request);
        };
    }

    private static Function<JsonNode, String> failFor(String source, String error, Function<JsonNode, String> otherwise) {
        return request -> {
            if (request.path("sourceName").asText().equals(source)) {
                throw error(error, "stand-in failure for " + source);
            }
            return otherwise.apply(request);
        };
    }

    static FunctionError error(String type, String message) {
        return new FunctionError(type, json(Map.of("errorType", type, "errorMessage", message)));
    }

    static JsonNode parse(String json) {
        try {
            return JsonPaths.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JsonOutput.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Context context() {
        LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
            }

            @Override
            public void log(byte[] message) {
            }
        };
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getName().equals("getLogger") ? logger : null);
    }

    /** The Task resources of the definition, and which stand-in each one is. */
    static Map<String, String> resourceNames(ExportWorkflow.Resources resources) {
        return Map.of(resources.planArn(), PLAN, resources.startArn(), START, resources.statusArn(), STATUS,
                resources.registerArn(), REGISTER, resources.summarizeArn(), SUMMARIZE);
    }
}
