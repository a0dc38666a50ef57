package dev.analysisplatform.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state fields the local interpreter implements, per state type. Deliberately strict: a field it does not
 * implement is an error, not ignored, so the definition can never rely on something only AWS would do.
 */
final class StateFields {

    private static final Set<String> COMMON = Set.of("Type", "Comment", "Next", "End",
            "InputPath", "OutputPath");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", union(COMMON, "Parameters", "Result", "ResultPath"),
            "Task", union(COMMON, "Resource", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch"),
            "Choice", union(COMMON, "Choices", "Default"),
            "Wait", union(COMMON, "Seconds"),
            "Map", union(COMMON, "ItemsPath", "ItemSelector", "ItemProcessor", "Iterator", "MaxConcurrency",
                    "ResultPath", "ResultSelector", "Label", "ItemReader", "ResultWriter", "Retry", "Catch"),
            "Succeed", union(COMMON),
            "Fail", Set.of("Type", "Comment", "Error", "ErrorPath", "Cause", "CausePath"));
    private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds",
            "BackoffRate", "MaxAttempts");
    private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "ResultPath", "Next");

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    /** Refuses any field of {@code state} (or of its Retry and Catch rules) this interpreter does not implement. */
    static void check(String path, JsonNode state) {
        Set<String> allowed = FIELDS.get(state.path("Type").asText());
        if (allowed == null) {
            return; // reported with the state's name when executed
        }
        state.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw new IllegalStateException("field " + field + " of state " + path + " is not supported locally");
            }
        });
        for (String list : List.of("Retry", "Catch")) {
            for (JsonNode rule : state.path(list)) {
                rule.fieldNames().forEachRemaining(field -> {
                    if (!(list.equals("Retry") ? RETRIER_FIELDS : CATCHER_FIELDS).contains(field)) {
                        throw new IllegalStateException("field " + field + " of a " + list + " rule of " + path
                                + " is not supported locally");
                    }
                });
            }
        }
    }

    private StateFields() {
    }
}
