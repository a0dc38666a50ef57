package dev.analysisplatform.environment;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What EventBridge Scheduler accepts as a recurring schedule ("Schedule types on EventBridge Scheduler"):
 * {@code rate(value unit)} with unit minute(s), hour(s) or day(s), and {@code cron(minutes hours day-of-month month
 * day-of-week year)} with six fields in their ranges, one of day-of-month and day-of-week being {@code ?}. Checked at
 * synth so a typo fails there, naming the field, instead of at deploy time. Beyond what Scheduler accepts, a cron
 * that can never fire (February 30th, a step of 0, the 6th Monday of a month, only past years) is refused too: it
 * deploys and then silently never runs. {@link #tooFrequent} says when a valid schedule would start runs faster than
 * they can finish.
 */
public final class ScheduleExpressions {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /** Days in each month at most (February: a leap year's). */
    private static final int[] MONTH_DAYS = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    private static final int MINUTES_PER_DAY = 24 * 60;

    private ScheduleExpressions() {
    }

    /**
     * Null when {@code expression} fires at most once a day, else why not. A run may last
     * {@code runTimeoutHours}; a schedule that fires more often starts the next run beside the previous one (and a
     * rate(1 minute) would start hundreds of them), so the platform's schedules are daily or rarer.
     */
    public static String tooFrequent(String expression, int runTimeoutHours) {
        String why = "a run may take up to " + runTimeoutHours + " hours, so the schedule fires at most once a day "
                + "(e.g. rate(1 day), or cron with one minute and one hour: cron(0 5 * * ? *))";
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            long minutes = Long.parseLong(rate.group(1)) * (rate.group(2).startsWith("minute") ? 1
                    : rate.group(2).startsWith("hour") ? 60 : MINUTES_PER_DAY);
            return minutes < MINUTES_PER_DAY ? "'" + expression + "' fires every " + minutes + " minutes; " + why : null;
        }
        Matcher cron = CRON.matcher(expression);
        if (cron.matches()) {
            String[] fields = cron.group(1).trim().split("\\s+");
            if (fields.length == 6 && !(fields[0].matches("\\d+") && fields[1].matches("\\d+"))) {
                return "'" + expression + "' fires more than once a day (minutes '" + fields[0] + "', hours '"
                        + fields[1] + "'); " + why;
            }
        }
        return null;
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
        return neverFires(fields);
    }

    /** Why a syntactically valid cron never fires: a day no selected month has, or only years that have passed. */
    private static String neverFires(String[] fields) {
        List<Integer> days = plainNumbers(fields[2], List.of(), 1);
        List<Integer> months = fields[3].equals("*") ? List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
                : plainNumbers(fields[3], MONTHS, 1);
        if (days != null && months != null
                && days.stream().allMatch(d -> months.stream().allMatch(m -> d > MONTH_DAYS[m - 1]))) {
            return "cron day-of-month '" + fields[2] + "' in month '" + fields[3] + "' never happens, so the schedule "
                    + "never fires";
        }
        List<Integer> years = plainNumbers(fields[5], List.of(), 1970);
        int thisYear = java.time.Year.now(java.time.ZoneOffset.UTC).getValue();
        if (years != null && years.stream().allMatch(y -> y < thisYear)) {
            return "cron year '" + fields[5] + "' has passed, so the schedule never fires";
        }
        return null;
    }

    /** The values of a field made of numbers (or names) and ranges only; null when it uses anything else. */
    private static List<Integer> plainNumbers(String value, List<String> names, int first) {
        if (!value.toUpperCase(Locale.ROOT).matches("[A-Z0-9]+(-[A-Z0-9]+)?(,[A-Z0-9]+(-[A-Z0-9]+)?)*")) {
            return null;
        }
        List<Integer> numbers = new java.util.ArrayList<>();
        for (String part : value.toUpperCase(Locale.ROOT).split(",")) {
            String[] range = part.split("-");
            Integer from = number(range[0], names, first);
            Integer to = range.length > 1 ? number(range[1], names, first) : from;
            if (from == null || to == null) {
                return null;
            }
            for (int n = from; n <= to; n++) {
                numbers.add(n);
            }
        }
        return numbers;
    }

    private static Integer number(String token, List<String> names, int first) {
        return names.contains(token) ? Integer.valueOf(names.indexOf(token) + first) : token.matches("\\d+") ? Integer.valueOf(token) : null;
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
            boolean step = value.matches(".*/" + token + "\\b.*");
            boolean nth = value.matches(".*#" + token + "\\b.*");
            if (step && (number < 1 || number > max)) {
                return "cron " + name + " '" + value + "': a step of " + number + " never advances or exceeds " + max;
            }
            if (nth && (number < 1 || number > 5)) {
                return "cron " + name + " '" + value + "': a month has a 1st to 5th such weekday, not a " + number + "th";
            }
            if (!step && !nth && (number < min || number > max)) {
                return "cron " + name + " '" + value + "': " + number + " is outside " + min + "-" + max;
            }
        }
        return null;
    }
}
