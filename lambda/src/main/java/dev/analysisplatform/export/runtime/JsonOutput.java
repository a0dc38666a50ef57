package dev.analysisplatform.export.runtime;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.OutputStream;

/**
 * How every handler writes its result. jackson-jr's {@code JSON.std} drops map entries whose value is null, but
 * the state machine reads fields by JSONPath, and Step Functions fails a state whose path matches nothing
 * ("States.Runtime"), so a field documented as "null when unset" must be written as {@code null}.
 */
public final class JsonOutput {

    private static final JSON WITH_NULLS = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private JsonOutput() {
    }

    public static void write(Object value, OutputStream output) throws IOException {
        WITH_NULLS.write(value, output);
    }

    public static String asString(Object value) throws IOException {
        return WITH_NULLS.asString(value);
    }
}
