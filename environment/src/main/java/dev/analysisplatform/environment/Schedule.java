package dev.analysisplatform.environment;

/** When the daily run starts: an EventBridge Scheduler expression evaluated in an IANA time zone. */
public record Schedule(String expression, String timeZone) {

    /** 05:00 UTC: after the default backup windows of most regions have produced the night's snapshot. */
    public static final Schedule DEFAULT = new Schedule("cron(0 5 * * ? *)", "UTC");
}
