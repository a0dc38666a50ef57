package dev.analysisplatform.export;

import dev.analysisplatform.export.errors.InvalidInputException;
import dev.analysisplatform.export.runtime.JsonInput;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
                throw new InvalidInputException("Input field '" + key + "' is not known" + nearest(String.valueOf(key))
                        + " The execution input takes " + FIELDS.subList(0, FIELDS.size() - 1) + ".");
            }
        }
        if (fields.get(SOURCES) instanceof List<?> sources && sources.isEmpty()) {
            throw new InvalidInputException("Input field 'sources' is empty: name at least one source, or leave the "
                    + "field out to export every source.");
        }
        return JsonInput.of(input);
    }

    /** The known field a typo most likely meant: a few edits away, or the start of it ({@code maxSnapshotAge}). */
    private static String nearest(String key) {
        String typed = key.toLowerCase(Locale.ROOT);
        String best = FIELDS.stream().min(Comparator.comparingInt(f -> distance(typed, f.toLowerCase(Locale.ROOT))))
                .orElseThrow();
        if (distance(typed, best.toLowerCase(Locale.ROOT)) > Math.max(2, key.length() / 3)) {
            best = typed.length() < 4 ? null : FIELDS.stream()
                    .filter(f -> f.toLowerCase(Locale.ROOT).startsWith(typed)).findFirst().orElse(null);
        }
        return best == null ? "." : "; did you mean '" + best + "'?";
    }

    /** Levenshtein distance: how many single-character edits turn one into the other. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String kind(Object value) {
        return value instanceof String ? "a string" : value instanceof List<?> ? "an array"
                : value instanceof Boolean ? "a boolean" : value instanceof Number ? "a number" : "not an object";
    }
}
