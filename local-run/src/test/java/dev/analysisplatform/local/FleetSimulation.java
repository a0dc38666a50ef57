package dev.analysisplatform.local;

import dev.analysisplatform.testing.MemoryRunStore;
import dev.analysisplatform.local.asl.ExecutionFailed;
import dev.analysisplatform.local.asl.StateMachineRunner;
import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.asl.RunClock;
import dev.analysisplatform.local.asl.ExecutionHistory;
import dev.analysisplatform.local.asl.Invoker;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fleet of databases run through the synthesized definition, the real planner and the local interpreter, with
 * time compressed: each source's export takes the time given (RDS's side is a stand-in that reports IN_PROGRESS
 * until then, or FAILED), every Wait and retry interval of the definition is honoured in compressed time, and
 * {@code $$.State.EnteredTime} reads the compressed clock, so the run's deadline applies as on AWS. Used by
 * {@code FleetSimulationTest} and by {@code bench/fleet_simulation.sh}.
 */
final class FleetSimulation {

    /** One database: where it lives, how long RDS takes to export it, and whether that export fails. */
    record Source(String name, String account, String region, Duration export, boolean fails) {
        /** RDS's limit of concurrent exports applies per account and region. */
        String slotGroup() {
            return account + "/" + region;
        }
    }

    /** What became of one source, in the run's compressed time. */
    record SourceResult(Source source, String outcome, String error, Duration startedAfter,
                        Duration finishedAfter, int events, int transitions, int invocations) {
    }

    /** The run as a whole. */
    record Result(String status, String error, Duration makespan, Duration lowerBound, int parentEvents,
                  int largestEvents, String largestExecution, int executions, int largestPayloadBytes,
                  int mostConcurrentInOneAccount, List<String> notifications, List<SourceResult> sources,
                  String cause, long runRecordBytes) {

        SourceResult source(String name) {
            return sources.stream().filter(s -> s.source().name().equals(name)).findFirst().orElseThrow();
        }
    }

    private static final Instant ORIGIN = Instant.parse("2026-11-25T05:00:00Z");

    private FleetSimulation() {
    }

    /** Runs {@code fleet} with {@code slots} exports per account; {@code speedup} simulated seconds per real second. */
    static Result run(Path workDir, List<Source> fleet, int slots, double speedup) throws IOException {
        return run(workDir, fleet, slots, speedup, definition -> { });
    }

    /** As above, with {@code change} applied to the synthesized definition first (to show what it guards against). */
    static Result run(Path workDir, List<Source> fleet, int slots, double speedup,
                      java.util.function.Consumer<JsonNode> change) throws IOException {
        EnvironmentDefinition environment = environment(workDir, fleet, slots);
        JsonNode definition = JsonPaths.MAPPER.readTree(new ExportWorkflow(environment,
                new ExportWorkflow.Resources("plan", "start", "status", "register", "summarize", "topic")).toJson());
        change.accept(definition);
        Map<String, Source> byName = new LinkedHashMap<>();
        fleet.forEach(s -> byName.put(s.name(), s));

        // Load the planner's classes before the clock starts: 50 ms of class loading is 15 simulated minutes at 18,000x.
        MemoryRunStore warmUp = (MemoryRunStore) ExportScenarios.configured(new MemoryRunStore(), environment);
        ExportScenarios.plan(JsonPaths.MAPPER.createObjectNode().put("executionStartTime", ORIGIN.toString())
                .put("runBucket", environment.exportBucketName()).put("run", "warm-up").toString(), warmUp);
        ExportScenarios.summarize(JsonPaths.MAPPER.createObjectNode().put("runBucket", environment.exportBucketName())
                .put("run", "warm-up").toString(), warmUp);
        MemoryRunStore store = (MemoryRunStore) ExportScenarios.configured(new MemoryRunStore(), environment);
        RunClock clock = RunClock.compressed(ORIGIN, speedup);
        Map<String, Instant> started = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger mostInOneAccount = new AtomicInteger();
        List<String> notifications = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Invoker> functions = ExportScenarios.runFunctions(store);
        functions.putAll(Map.of(
                "start", payload -> {
                    JsonNode request = ExportScenarios.parse(payload);
                    Source source = byName.get(counted(invocations, request));
                    started.put(source.name(), clock.now());
                    int now = running.computeIfAbsent(source.slotGroup(), a -> new AtomicInteger()).incrementAndGet();
                    mostInOneAccount.accumulateAndGet(now, Math::max);
                    return ExportScenarios.export(request, "STARTING", false, null);
                },
                "status", payload -> {
                    JsonNode request = ExportScenarios.parse(payload);
                    Source source = byName.get(counted(invocations, request));
                    Duration elapsed = Duration.between(started.get(source.name()), clock.now());
                    if (source.fails() && elapsed.compareTo(source.export().dividedBy(2)) >= 0) {
                        running.get(source.slotGroup()).decrementAndGet();
                        return ExportScenarios.status(request, "FAILED", "S3 bucket policy denied the write");
                    }
                    if (elapsed.compareTo(source.export()) < 0) {
                        return ExportScenarios.status(request, "IN_PROGRESS", null);
                    }
                    running.get(source.slotGroup()).decrementAndGet();
                    return ExportScenarios.status(request, "COMPLETE", null);
                },
                "register", payload -> {
                    counted(invocations, ExportScenarios.parse(payload));
                    return ExportScenarios.largestRegistration();
                },
                ExportWorkflow.SNS_PUBLISH, payload -> {
                    notifications.add(ExportScenarios.parse(payload).path("Message").asText());
                    return "{}";
                }));

        StateMachineRunner runner = new StateMachineRunner(functions::get, clock);
        String status = "SUCCEEDED";
        String error = null;
        String cause = null;
        Instant runStart = clock.now();
        try {
            runner.run(definition, JsonPaths.MAPPER.createObjectNode());
        } catch (ExecutionFailed failed) {
            status = "FAILED";
            error = failed.error;
            cause = failed.cause;
        }
        JsonNode outcomes = ExportScenarios.outcomes(store, environment.exportBucketName(),
                runner.history.executions().get(0).name);
        if (outcomes == null) {
            outcomes = JsonPaths.MAPPER.createArrayNode();
        }
        Duration makespan = Duration.between(runStart, clock.now());
        return result(status, error, makespan, fleet, slots, outcomes, runner, started, invocations,
                mostInOneAccount.get(), List.copyOf(notifications), runStart, cause, store.bytes());
    }

    private static String counted(Map<String, AtomicInteger> invocations, JsonNode request) {
        String name = request.path("sourceName").asText();
        invocations.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        return name;
    }

    private static Result result(String status, String error, Duration makespan, List<Source> fleet, int slots,
                                 JsonNode outcomes, StateMachineRunner runner, Map<String, Instant> started,
                                 Map<String, AtomicInteger> invocations, int most, List<String> notifications,
                                 Instant runStart, String cause, long runRecordBytes) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        outcomes.forEach(o -> byName.put(o.path("source").asText(), o));
        Map<String, ExecutionHistory.Execution> children = new LinkedHashMap<>();
        for (ExecutionHistory.Execution execution : runner.history.executions()) {
            JsonNode request = execution.input.path("request");
            if (request.has("sourceName")) {
                children.put(request.path("sourceName").asText(), execution);
            }
        }
        List<SourceResult> sources = new ArrayList<>();
        for (Source source : fleet) {
            JsonNode outcome = byName.getOrDefault(source.name(), JsonPaths.MAPPER.createObjectNode());
            ExecutionHistory.Execution child = children.get(source.name());
            Instant start = started.get(source.name());
            sources.add(new SourceResult(source, outcome.path("outcome").asText(null), outcome.path("error").asText(null),
                    start == null ? null : Duration.between(runStart, start),
                    child == null ? null : Duration.between(runStart, child.ended()),
                    child == null ? 0 : child.events(), child == null ? 0 : child.transitions(),
                    invocations.getOrDefault(source.name(), new AtomicInteger()).get()));
        }
        ExecutionHistory.Execution largest = runner.history.largest();
        return new Result(status, error, makespan, lowerBound(fleet, slots), runner.history.executions().get(0).events(),
                largest.events(), largest.name, runner.history.executions().size(), runner.largestPayloadBytes(), most,
                notifications, sources, cause, runRecordBytes);
    }

    /**
     * No schedule can finish sooner: in each account and region, the longest export, and the group's total export time
     * spread over its slots; the run takes as long as its slowest group.
     */
    static Duration lowerBound(List<Source> fleet, int slots) {
        Map<String, List<Source>> accounts = new LinkedHashMap<>();
        fleet.forEach(s -> accounts.computeIfAbsent(s.slotGroup(), a -> new ArrayList<>()).add(s));
        Duration bound = Duration.ZERO;
        for (List<Source> sources : accounts.values()) {
            Duration longest = sources.stream().map(Source::export).max(Duration::compareTo).orElse(Duration.ZERO);
            Duration spread = sources.stream().map(Source::export).reduce(Duration.ZERO, Duration::plus)
                    .dividedBy(slots);
            Duration account = longest.compareTo(spread) > 0 ? longest : spread;
            bound = account.compareTo(bound) > 0 ? account : bound;
        }
        return bound;
    }

    private static EnvironmentDefinition environment(Path dir, List<Source> fleet, int slots) throws IOException {
        ObjectNode file = (ObjectNode) JsonPaths.MAPPER.readTree(Path.of("..", "environments", "local.json").toFile());
        file.put("maxConcurrentExportsPerAccount", slots);
        file.remove("exportPollSeconds"); // the deployed default (5 minutes), not the local run's 10 seconds
        ArrayNode sources = file.putArray("sources");
        for (Source source : fleet) {
            sources.addObject().put("name", source.name()).put("accountId", source.account())
                    .put("region", source.region()).put("dbInstanceIdentifier", source.name().replace('_', '-'));
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("fleet.json"), file.toString());
        return new EnvironmentLoader(dir).load("fleet");
    }
}
