package dev.analysisplatform.export.runtime;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.export.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed, validated access to the fields of an invocation's JSON input. The input may be anything: a
 * non-object (the console lets people send {@code "hello"} or {@code []}) reads as an empty object, unknown
 * fields are ignored, and {@code null} means "not set". A known field with the wrong type or value is an
 * {@link InvalidInputException} that names the field.
 */
public final class JsonInput {

    private final Map<String, Object> fields;

    private JsonInput(Map<String, Object> fields) {
        this.fields = fields;
    }

    public static JsonInput read(InputStream in) {
        try {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return of(null);
            }
            return of(JSON.std.anyFrom(bytes));
        } catch (IOException e) {
            throw new InvalidInputException("The input is not valid JSON: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    public static JsonInput of(Object parsed) {
        return new JsonInput(parsed instanceof Map<?, ?> map ? (Map<String, Object>) map : Collections.emptyMap());
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(fields);
    }

    public String string(String field, Function<String, String> rule) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw wrongType(field, "a string", value);
        }
        checkRule(field, text, rule);
        return text;
    }

    public Boolean bool(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Boolean flag)) {
            throw wrongType(field, "a boolean (true or false)", value);
        }
        return flag;
    }

    /** A whole number from min to max. */
    public Integer integer(String field, int min, int max) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer number) || number < min || number > max) {
            throw value instanceof Number ? new InvalidInputException("Input field '" + field + "' must be a whole number "
                    + "from " + min + " to " + max + ", but is " + value + ".") : wrongType(field, "a whole number", value);
        }
        return number;
    }

    /** An array of strings; an empty array reads as "not set". */
    public List<String> strings(String field, Function<String, String> rule) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw wrongType(field, "an array of strings", value);
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String text)) {
                throw wrongType(field + "[" + i + "]", "a string", list.get(i));
            }
            checkRule(field + "[" + i + "]", text, rule);
            if (!result.contains(text)) {
                result.add(text);
            }
        }
        return result.isEmpty() ? null : List.copyOf(result);
    }

    private static void checkRule(String field, String value, Function<String, String> rule) {
        String problem = rule.apply(value);
        if (problem != null) {
            throw new InvalidInputException("Input field '" + field + "' must be " + problem + ".");
        }
    }

    private static InvalidInputException wrongType(String field, String expected, Object actual) {
        String kind = actual == null ? "null" : actual instanceof String ? "a string"
                : actual instanceof Boolean ? "a boolean"
                : actual instanceof Number ? "a number"
                : actual instanceof List<?> ? "an array"
                : actual instanceof Map<?, ?> ? "an object" : actual.getClass().getSimpleName();
        return new InvalidInputException("Input field '" + field + "' must be " + expected + ", but is " + kind + ".");
    }
}
