package dev.analysisplatform.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Choice state's rules as Step Functions evaluates them, for the rules the project's definition uses (And, Or,
 * Not, IsPresent, StringEquals, BooleanEquals, NumericGreaterThan, NumericEquals, TimestampGreaterThanPath); anything else is refused rather
 * than guessed. A Variable that is absent is a States.Runtime error unless the rule asks IsPresent.
 */
final class ChoiceRules {

    private ChoiceRules() {
    }

    static String choose(JsonNode state, JsonNode input, JsonNode context) {
        for (JsonNode rule : state.path("Choices")) {
            if (matches(rule, input, context)) {
                return rule.path("Next").asText();
            }
        }
        if (!state.has("Default")) {
            throw new ExecutionFailed("States.NoChoiceMatched", "no choice matched in " + state);
        }
        return state.get("Default").asText();
    }

    private static boolean matches(JsonNode rule, JsonNode input, JsonNode context) {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!matches(r, input, context)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (matches(r, input, context)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), input, context);
        }
        JsonNode value;
        try {
            value = JsonPaths.read(rule.path("Variable").asText(), input, context);
        } catch (JsonPaths.PathNotFound missing) {
            if (rule.has("IsPresent")) {
                return !rule.get("IsPresent").asBoolean();
            }
            throw new ExecutionFailed("States.Runtime", missing.getMessage());
        }
        if (rule.has("IsPresent")) {
            return rule.get("IsPresent").asBoolean();
        }
        if (rule.has("StringEquals")) {
            return value.isTextual() && value.asText().equals(rule.get("StringEquals").asText());
        }
        if (rule.has("BooleanEquals")) {
            return value.isBoolean() && value.asBoolean() == rule.get("BooleanEquals").asBoolean();
        }
        if (rule.has("NumericGreaterThan")) {
            return value.isNumber() && value.asDouble() > rule.get("NumericGreaterThan").asDouble();
        }
        if (rule.has("NumericEquals")) {
            return value.isNumber() && value.asDouble() == rule.get("NumericEquals").asDouble();
        }
        if (rule.has("TimestampGreaterThanPath")) {
            JsonNode other = JsonPaths.read(rule.get("TimestampGreaterThanPath").asText(), input, context);
            return timestamp(value).isAfter(timestamp(other));
        }
        throw new IllegalStateException("choice rule not supported locally: " + rule);
    }

    /** Step Functions compares RFC 3339 timestamps; anything else in a timestamp rule is a runtime error. */
    private static java.time.Instant timestamp(JsonNode value) {
        try {
            return java.time.OffsetDateTime.parse(value.asText()).toInstant();
        } catch (java.time.format.DateTimeParseException | NullPointerException e) {
            throw new ExecutionFailed("States.Runtime", "not a timestamp: " + value);
        }
    }
}
