package dev.analysisplatform.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The history events and state transitions each execution of a run would record in Step Functions: the parent
 * and every child execution a Distributed Map starts. Counted by AWS's history event types, which moto's engine
 * reports the same way ({@code TwoEnginesIntegrationTest} compares the parent's): an execution starts and ends (2);
 * a Pass, Choice, Wait or Succeed state is entered and exited (2); a Task is entered, scheduled, started, succeeds
 * (or fails, when caught) and is exited (5), and each retried attempt adds failed, scheduled, started (3); an inline Map adds entered,
 * started, succeeded, exited (4) and two per iteration; a Distributed Map adds those plus its map run's start and
 * end (6), its iterations being child executions with histories of their own. Step Functions refuses to record
 * more than 25,000 events in one execution ("Execution history ... 25,000 events", Step Functions quotas).
 */
public final class ExecutionHistory {

    /** Step Functions' hard quota on one execution's history. */
    public static final int MAX_EVENTS = 25_000;

    /** One execution: its name, and what it recorded. */
    public static final class Execution {
        public final String name;
        public final JsonNode input;
        final AtomicInteger events = new AtomicInteger(2);
        final AtomicInteger transitions = new AtomicInteger();
        private final Map<String, JsonNode> outputs = new ConcurrentHashMap<>();
        private volatile Instant ended;

        Execution(String name, JsonNode input) {
            this.name = name;
            this.input = input;
        }

        void state(String type) {
            events.addAndGet(switch (type) {
                case "Task" -> 5;
                case "Map" -> 4;
                case "Fail" -> 1;
                default -> 2;
            });
            transitions.incrementAndGet();
        }

        /** A failed attempt that is retried: failed, then scheduled and started again (each retry is a transition). */
        void retried() {
            events.addAndGet(3);
            transitions.incrementAndGet();
        }

        void inlineIteration() {
            events.addAndGet(2);
        }

        void mapRun() {
            events.addAndGet(2);
        }

        /** What a state of this execution (not of its Map iterations) last output, as its StateExited event has it. */
        void exited(String state, JsonNode output) {
            if (output != null) {
                outputs.put(state, output);
            }
        }

        /** The last output of {@code state} in this execution, or null when it never ran to its end. */
        public JsonNode output(String state) {
            return outputs.get(state);
        }

        void finish(Instant at) {
            ended = at;
        }

        /** When the execution ended, on the run's clock (null while running). */
        public Instant ended() {
            return ended;
        }

        public int events() {
            return events.get();
        }

        public int transitions() {
            return transitions.get();
        }
    }

    private final List<Execution> executions = Collections.synchronizedList(new ArrayList<>());

    Execution start(String name, JsonNode input) {
        Execution execution = new Execution(name, input);
        executions.add(execution);
        return execution;
    }

    public List<Execution> executions() {
        synchronized (executions) {
            return List.copyOf(executions);
        }
    }

    /** The execution with the most events. */
    public Execution largest() {
        return executions().stream().max(Comparator.comparingInt(Execution::events)).orElseThrow();
    }
}
