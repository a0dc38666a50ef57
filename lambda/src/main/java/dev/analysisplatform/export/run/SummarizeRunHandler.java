package dev.analysisplatform.export.run;

import dev.analysisplatform.contract.RunStore;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.contract.ValueRules;
import dev.analysisplatform.export.errors.InvalidInputException;
import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.runtime.JsonInput;
import dev.analysisplatform.export.runtime.JsonOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Lambda entry point {@code dev.analysisplatform.export.run.SummarizeRunHandler::handleRequest}, the state machine's
 * step after every source has ended. Input: {@code {"runBucket", "run"}}; output: {@link RunSummary}'s bounded summary,
 * which the state machine turns into its failure cause or stale-tables message. Idempotent: a retry rewrites the
 * same report.
 */
public final class SummarizeRunHandler implements RequestStreamHandler {

    private final RunSummary summary;

    public SummarizeRunHandler() {
        this(S3RunStore.standard());
    }

    public SummarizeRunHandler(RunStore store) {
        this.summary = new RunSummary(store);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonInput request = JsonInput.read(input);
        String bucket = request.string(FunctionContract.RUN_BUCKET, ValueRules::bucket);
        String run = request.string(FunctionContract.RUN, ValueRules::executionName);
        if (bucket == null || run == null) {
            throw new InvalidInputException("'" + FunctionContract.RUN_BUCKET + "' and '" + FunctionContract.RUN
                    + "' must be set (the state machine definition passes them).");
        }
        Map<String, Object> result = summary.summarize(bucket, run);
        new DecisionLog(context.getLogger()).record("summary", "run", run, RunRecords.COUNTS,
                result.get(RunRecords.COUNTS), RunRecords.REPORT, result.get(RunRecords.REPORT));
        JsonOutput.write(result, output);
    }
}
