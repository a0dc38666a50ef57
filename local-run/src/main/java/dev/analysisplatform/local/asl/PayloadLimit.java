package dev.analysisplatform.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step Functions' quota on a state's input, output and a task's result: 256 KiB as UTF-8 ("Maximum input or output
 * size for a task, state, or execution: 256 KiB of data as a UTF-8 encoded string", Step Functions quotas). Over it,
 * the execution fails with {@code States.DataLimitExceeded}, which no Catch handles. Remembers the largest payload
 * seen, so budgets can be tested below the limit.
 */
public final class PayloadLimit {

    public static final int MAX_BYTES = 256 * 1024;
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";

    private final AtomicInteger largest = new AtomicInteger();

    /** Fails the execution when {@code data} (null: nothing) is over the limit; {@code what} names it in the cause. */
    void check(JsonNode data, String what) {
        if (data == null) {
            return;
        }
        int bytes = data.toString().getBytes(StandardCharsets.UTF_8).length;
        largest.accumulateAndGet(bytes, Math::max);
        if (bytes > MAX_BYTES) {
            throw new ExecutionFailed(DATA_LIMIT_EXCEEDED, "the " + what + " is over " + MAX_BYTES + " bytes");
        }
    }

    /** The largest state input, output or task payload seen so far, in bytes (UTF-8). */
    int largestBytes() {
        return largest.get();
    }
}
