package dev.analysisplatform.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analysisplatform.contract.RunStore;
import dev.analysisplatform.local.asl.FunctionError;
import dev.analysisplatform.local.asl.Invoker;
import dev.analysisplatform.local.asl.JsonPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Step Functions' S3 integrations the definition uses, over a {@link RunStore}: the Distributed Maps' ItemReader
 * ({@code states:::s3:getObject}) and ResultWriter ({@code states:::s3:putObject}), and the SDK integration each source
 * writes its outcome with ({@code states:::aws-sdk:s3:putObject}). The local run backs them with S3 in the emulator,
 * as the state machine's role; tests and the fleet simulation with memory.
 */
public final class S3Tasks {

    private S3Tasks() {
    }

    public static Map<String, Invoker> invokers(String partition, RunStore store) {
        String states = "arn:" + partition + ":states:::";
        Invoker put = payload -> {
            JsonNode request = parse(payload);
            store.write(request.path("Bucket").asText(), request.path("Key").asText(), request.path("Body").asText());
            return "{\"ETag\":\"\\\"local\\\"\"}";
        };
        Invoker get = payload -> {
            JsonNode request = parse(payload);
            String text = store.read(request.path("Bucket").asText(), request.path("Key").asText());
            if (text == null) {
                throw new FunctionError("S3.NoSuchKeyException", "The specified key does not exist: "
                        + request.path("Key").asText());
            }
            return text;
        };
        return Map.of(states + "s3:getObject", get, states + "s3:putObject", put, states + "aws-sdk:s3:putObject", put);
    }

    private static JsonNode parse(String payload) {
        try {
            return JsonPaths.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
