package dev.analysisplatform.export;

import dev.analysisplatform.contract.NearestName;
import dev.analysisplatform.export.errors.InvalidInputException;
import dev.analysisplatform.export.runtime.JsonInput;
import java.util.List;
import java.util.Map;

/**
 * What a person may type into "Start execution": a JSON object with the documented fields only. A typo costs money
 * here (a misspelt {@code dryRun} starts real exports, a misspelt {@code sources} exports every database), so an
 * unknown field is refused with the nearest known one, never ignored; so is anything that is not an object, and an
 * empty {@code sources}. {@code Comment} is allowed: it is the Step Functions console's own default input
 * ({@code {"Comment": "Insert your JSON here"}}).
 */
public final class ExecutionInput {

    public static final String SOURCES = "sources";
    static final String COMMENT = "Comment";
    /** Every field the planner reads, and the console's comment. */
    public static final List<String> FIELDS = List.of(SOURCES, ExportRequestParser.DRY_RUN,
            ExportRequestParser.SNAPSHOT_TYPES, ExportRequestParser.SNAPSHOT_IDENTIFIER, ExportRequestParser.EXPORT_ONLY,
            ExportRequestParser.MAX_SNAPSHOT_AGE_HOURS, COMMENT);

    private ExecutionInput() {
    }

    /** The execution input, checked; {@code null} (no input at all) means every source with no overrides. */
    public static JsonInput strict(Object input) {
        if (input == null) {
            return JsonInput.of(null);
        }
        if (!(input instanceof Map<?, ?> fields)) {
            throw new InvalidInputException("The execution input must be a JSON object, e.g. {\"sources\": [\"shop\"], "
                    + "\"dryRun\": true}, or {} for every source; it is " + kind(input) + ".");
        }
        for (Object key : fields.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                throw new InvalidInputException("Input field '" + key + "' is not known"
                        + NearestName.suggestion(String.valueOf(key), FIELDS)
                        + " The execution input takes " + FIELDS.subList(0, FIELDS.size() - 1) + ".");
            }
        }
        if (fields.get(SOURCES) instanceof List<?> sources && sources.isEmpty()) {
            throw new InvalidInputException("Input field 'sources' is empty: name at least one source, or leave the "
                    + "field out to export every source.");
        }
        return JsonInput.of(input);
    }

    private static String kind(Object value) {
        return value instanceof String ? "a string" : value instanceof List<?> ? "an array"
                : value instanceof Boolean ? "a boolean" : value instanceof Number ? "a number" : "not an object";
    }
}
