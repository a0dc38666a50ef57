package dev.analysisplatform.contract;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

/**
 * The known name a typo most likely meant: a few edits away ({@code dryrun}, {@code snapshotIdentifer}), or the start
 * of it ({@code maxSnapshotAge}). Shared by the console input and the environment file, so both suggest alike.
 */
public final class NearestName {

    private NearestName() {
    }

    /** The nearest of {@code known}, or null when none is close enough to be a plausible typo. */
    public static String of(String typed, Collection<String> known) {
        String lower = typed.toLowerCase(Locale.ROOT);
        String best = known.stream().min(Comparator.comparingInt(k -> distance(lower, k.toLowerCase(Locale.ROOT))))
                .orElse(null);
        if (best != null && distance(lower, best.toLowerCase(Locale.ROOT)) <= Math.max(2, typed.length() / 3)) {
            return best;
        }
        return lower.length() < 4 ? null : known.stream().filter(k -> k.toLowerCase(Locale.ROOT).startsWith(lower))
                .sorted().findFirst().orElse(null);
    }

    /** {@code "; did you mean 'x'?"} or {@code "."}: the end of a sentence naming the unknown name. */
    public static String suggestion(String typed, Collection<String> known) {
        String nearest = of(typed, known);
        return nearest == null ? "." : "; did you mean '" + nearest + "'?";
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
}
