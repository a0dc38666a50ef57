package dev.analysisplatform.local.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * History events counted by AWS's event types. A Task that fails and is caught records TaskStateEntered,
 * LambdaFunctionScheduled, LambdaFunctionStarted, LambdaFunctionFailed, TaskStateExited; one retried first adds
 * LambdaFunctionFailed, LambdaFunctionScheduled, LambdaFunctionStarted.
 */
class ExecutionHistoryTest {

    private static final String FAILS = "fails";

    private static JsonNode machine(String retry) throws Exception {
        return JsonPaths.MAPPER.readTree("""
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "fn", %s
                           "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}], "End": true},
                  "Done": {"Type": "Pass", "End": true}}}""".formatted(retry));
    }

    private static int events(JsonNode machine, int failures) {
        AtomicInteger calls = new AtomicInteger();
        StateMachineRunner runner = new StateMachineRunner(resource -> payload -> {
            if (calls.incrementAndGet() <= failures) {
                throw new FunctionError(FAILS, "{}");
            }
            return "{}";
        }, Duration.ZERO);
        runner.run(machine, JsonPaths.MAPPER.createObjectNode());
        return runner.history.executions().get(0).events();
    }

    @Test
    void caughtFailure_isFiveTaskEvents() throws Exception {
        // ExecutionStarted, 5 task events, PassStateEntered/Exited, ExecutionSucceeded.
        assertThat(events(machine(""), 1)).isEqualTo(9);
    }

    @Test
    void retriedThenSucceeding_addsThreeEventsPerRetry() throws Exception {
        String retry = "\"Retry\": [{\"ErrorEquals\": [\"" + FAILS + "\"], \"IntervalSeconds\": 1, \"MaxAttempts\": 2}],";
        // ExecutionStarted, 5 task events + 3 for the one retry, ExecutionSucceeded.
        assertThat(events(machine(retry), 1)).isEqualTo(10);
    }

    @Test
    void succeeding_isFiveTaskEvents() throws Exception {
        assertThat(events(machine(""), 0)).isEqualTo(7);
    }
}
