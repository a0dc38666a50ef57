package dev.analysisplatform.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A function invocation that failed, as Step Functions sees it: {@code error} is the Lambda errorType (for
 * Java, the exception's class name), {@code cause} the error payload.
 */
public final class FunctionError extends RuntimeException {

    public final String error;
    public final String cause;

    public FunctionError(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    public static FunctionError fromPayload(String headerType, String payload) {
        String type = headerType;
        try {
            JsonNode json = new ObjectMapper().readTree(payload);
            if (json.hasNonNull("errorType")) {
                type = json.get("errorType").asText();
            }
        } catch (Exception notJson) {
            // keep the header's type
        }
        return new FunctionError(type == null ? "Lambda.Unknown" : type, payload);
    }

    /** The errorMessage of the payload, for people. */
    public String message() {
        try {
            return new ObjectMapper().readTree(cause).path("errorMessage").asText(cause);
        } catch (Exception notJson) {
            return cause;
        }
    }
}
