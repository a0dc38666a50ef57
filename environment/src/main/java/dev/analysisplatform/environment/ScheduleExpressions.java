package dev.analysisplatform.environment;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What EventBridge Scheduler accepts as a recurring schedule ("Schedule types on EventBridge Scheduler"):
 * {@code rate(value unit)} with unit minute(s), hour(s) or day(s), and {@code cron(minutes hours day-of-month month
 * day-of-week year)} with six fields in their ranges, one of day-of-month and day-of-week being {@code ?}. Checked at
 * synth so a typo fails there, naming the field, instead of at deploy time.
 */
public final class ScheduleExpressions {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private ScheduleExpressions() {
    }

    /** Null when {@code expression} is a valid recurring schedule, else what is wrong with it. */
    public static String problem(String expression) {
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            long value = Long.parseLong(rate.group(1));
            boolean singular = !rate.group(2).endsWith("s");
            if (value < 1) {
                return "a rate must be a positive number";
            }
            return (value == 1) == singular ? null : "a rate of 1 takes a singular unit (rate(1 day)), others a plural one";
        }
        if (expression.startsWith("rate(")) {
            return "a rate is rate(<positive number> <minute|minutes|hour|hours|day|days>)";
        }
        Matcher cron = CRON.matcher(expression);
        if (!cron.matches()) {
            return "a recurring schedule is cron(minutes hours day-of-month month day-of-week year) or rate(value unit)";
        }
        String[] fields = cron.group(1).trim().split("\\s+");
        if (fields.length != 6) {
            return "cron takes six fields (minutes hours day-of-month month day-of-week year), got " + fields.length;
        }
        String problem = firstProblem(
                field("minutes", fields[0], 0, 59, List.of(), "*,-/"),
                field("hours", fields[1], 0, 23, List.of(), "*,-/"),
                field("day-of-month", fields[2], 1, 31, List.of(), "*,-/?LW"),
                field("month", fields[3], 1, 12, MONTHS, "*,-/"),
                field("day-of-week", fields[4], 1, 7, DAYS, "*,-/?L#"),
                field("year", fields[5], 1970, 2199, List.of(), "*,-/"));
        if (problem != null) {
            return problem;
        }
        if (fields[2].equals("?") == fields[4].equals("?")) {
            return "exactly one of day-of-month and day-of-week must be '?'";
        }
        return null;
    }

    private static String firstProblem(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** Checks every number or name in a cron field against its range; the wildcards allowed are in {@code special}. */
    private static String field(String name, String value, int min, int max, List<String> names, String special) {
        if (value.equals("*") || (value.equals("?") && special.contains("?"))) {
            return null;
        }
        for (char c : value.toCharArray()) {
            if (!Character.isLetterOrDigit(c) && special.indexOf(c) < 0) {
                return "cron " + name + " '" + value + "' has '" + c + "', which that field does not take";
            }
        }
        for (String token : value.toUpperCase(Locale.ROOT).split("[,\\-/#]")) {
            if (token.equals("*") || token.matches("L|LW")) {
                continue;
            }
            // 15W (nearest weekday), 5L (last Friday): a number with a suffix; JUL is a month name, not JU + L.
            String bare = token.matches("\\d+[LW]") ? token.substring(0, token.length() - 1) : token;
            int number;
            if (names.contains(bare)) {
                number = names.indexOf(bare) + min;
            } else if (bare.matches("\\d+")) {
                number = Integer.parseInt(bare);
            } else {
                return "cron " + name + " '" + value + "': '" + token + "' is not a number" + (names.isEmpty() ? ""
                        : " or one of " + names);
            }
            boolean stepOrNth = value.contains("/" + token) || value.contains("#" + token);
            if (!stepOrNth && (number < min || number > max)) {
                return "cron " + name + " '" + value + "': " + number + " is outside " + min + "-" + max;
            }
        }
        return null;
    }
}
