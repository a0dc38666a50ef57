package dev.analysisplatform.environment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analysisplatform.contract.NearestName;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Typed reads of one environment file's JSON, each failing with the file and the field's path: unknown keys,
 * wrong types, values outside a range or a rule (contract/ValueRules' convention: a rule returns null for a valid
 * value, else what is expected). Reads wrapped in {@link #attempt} record their mistake and go on, so one synth
 * names every mistake of a file instead of one per edit-and-retry.
 */
class FieldReader {

    final String file;
    private final List<String> mistakes = new ArrayList<>();

    FieldReader(String file) {
        this.file = file;
    }

    /** One field's read; its mistake is recorded and {@code fallback} returned, so the file's other fields are read too. */
    <T> T attempt(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (InvalidEnvironmentException e) {
            mistakes.add(e.getMessage());
            return fallback;
        }
    }

    /** A check that reads nothing: its mistake is recorded, as {@link #attempt}'s are. */
    void check(Runnable check) {
        attempt(() -> {
            check.run();
            return null;
        }, null);
    }

    /** How many mistakes were recorded so far: a part with more after reading it had one of its own. */
    int mistakes() {
        return mistakes.size();
    }

    /** Records a mistake found outside a read. */
    void mistake(String field, String problem) {
        mistakes.add(error(field, problem).getMessage());
    }

    /** Throws every recorded mistake at once (a single one in its usual form), or returns when there were none. */
    void throwMistakes() {
        if (mistakes.size() == 1) {
            throw new InvalidEnvironmentException(mistakes.get(0));
        }
        if (!mistakes.isEmpty()) {
            String prefix = file + ": ";
            throw new InvalidEnvironmentException(file + ": " + mistakes.size() + " mistakes:\n  " + String.join("\n  ",
                    mistakes.stream().map(m -> m.startsWith(prefix) ? m.substring(prefix.length()) : m).toList()));
        }
    }

    /** Fails when {@code node} is not an object; records every unknown key, with the known key it most likely meant. */
    void object(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw error(path, "must be a JSON object");
        }
        Iterator<String> keys = node.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!allowed.contains(key)) {
                String base = path.equals("(top level)") ? "" : path + ".";
                mistake(base + key, "unknown key" + NearestName.suggestion(key, allowed)
                        + " Allowed keys are " + allowed.stream().sorted().toList());
            }
        }
    }

    String text(JsonNode node, String field, String at, Function<String, String> rule) {
        String value = optionalText(node, field, at, null, rule);
        if (value == null) {
            throw error(at + field, "is required (" + rule.apply("") + ")");
        }
        return value;
    }

    /** {@code rule} returns null for a valid value, else what is expected (ValueRules' convention). */
    String optionalText(JsonNode node, String field, String at, String fallback,
                                Function<String, String> rule) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        String expected = rule == null ? null : rule.apply("");
        if (!value.isTextual()) {
            throw error(at + field, "must be a string" + (expected == null ? "" : " (" + expected + ")"));
        }
        String text = value.asText();
        String problem = rule == null ? null : rule.apply(text);
        if (problem != null) {
            throw error(at + field, "must be " + problem + ", got '" + (field.equals("externalId") ? "…" : text) + "'");
        }
        return text;
    }

    void each(List<String> values, String path, Function<String, String> rule) {
        for (int i = 0; i < values.size(); i++) {
            String problem = rule.apply(values.get(i));
            if (problem != null) {
                throw error(path + "[" + i + "]", "'" + values.get(i) + "' must be " + problem);
            }
        }
    }

    static Function<String, String> matching(Pattern pattern, String expected) {
        return value -> pattern.matcher(value).matches() ? null : expected;
    }

    int integer(JsonNode node, String field, int fallback, int min, int max) {
        return integer(node, "", field, fallback, min, max);
    }

    int integer(JsonNode node, String at, String field, int fallback, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isInt() || value.asInt() < min || value.asInt() > max) {
            throw error(at + field, "must be a whole number from " + min + " to " + max + ", got " + value);
        }
        return value.asInt();
    }

    List<String> strings(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(path, "must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual() || node.get(i).asText().isBlank()) {
                throw error(path + "[" + i + "]", "must be a non-empty string");
            }
            values.add(node.get(i).asText());
        }
        return values;
    }

    InvalidEnvironmentException error(String field, String problem) {
        return new InvalidEnvironmentException(file + ": " + field + ": " + problem);
    }
}
