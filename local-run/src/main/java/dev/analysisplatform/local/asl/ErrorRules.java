package dev.analysisplatform.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which Retry or Catch rule handles an error: the first whose ErrorEquals names it, States.ALL, or States.TaskFailed
 * (a task's errors are all TaskFailed errors). States.DataLimitExceeded never reaches here: it fails the execution.
 */
final class ErrorRules {

    private ErrorRules() {
    }

    static JsonNode matching(JsonNode rules, String error) {
        for (JsonNode rule : rules) {
            for (JsonNode name : rule.path("ErrorEquals")) {
                String value = name.asText();
                if (value.equals(error) || value.equals("States.ALL") || value.equals("States.TaskFailed")) {
                    return rule;
                }
            }
        }
        return null;
    }
}
