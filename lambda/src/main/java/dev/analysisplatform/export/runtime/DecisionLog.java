package dev.analysisplatform.export.runtime;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per decision the exporter takes, written through the Lambda logger so the function's JSON
 * log format and log level apply. Only identifiers go in: never credentials or ExternalIds.
 */
public final class DecisionLog {

    private final LambdaLogger logger;

    public DecisionLog(LambdaLogger logger) {
        this.logger = logger;
    }

    public void record(String event, Object... keyValues) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        try {
            logger.log(JSON.std.asString(line), LogLevel.INFO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
