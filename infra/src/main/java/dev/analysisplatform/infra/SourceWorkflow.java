package dev.analysisplatform.infra;

import static dev.analysisplatform.infra.JsonValues.map;

import dev.analysisplatform.contract.ErrorNames;
import dev.analysisplatform.contract.ExportOutput;
import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.contract.SourceOutcome;
import dev.analysisplatform.environment.EnvironmentDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One source's child execution in {@link ExportWorkflow}: start the export, wait for it, register it, and end in one
 * small {@link SourceOutcome} record whatever happens, which it writes as a run record for the summary. Its data:
 * {@code $.request} (the planner's export input), {@code $.export} (the start and status functions'
 * {@link ExportOutput}), {@code $.catalog} (the registration's), {@code $.outcome} (the record), and the run's
 * {@code $.runBucket} and {@code $.run}.
 */
final class SourceWorkflow {

    static final String START_AT = "StartExport";
    static final String RECORD_OUTCOME = "RecordOutcome";

    private static final String REQUEST = "$.request.";
    private static final String EXPORT = "$.export.";
    private static final String CATALOG = "$.catalog.";
    private static final String OUTCOME = "$.outcome";

    private final EnvironmentDefinition environment;
    private final ExportWorkflow.Resources resources;

    SourceWorkflow(EnvironmentDefinition environment, ExportWorkflow.Resources resources) {
        this.environment = environment;
        this.resources = resources;
    }

    Map<String, Object> states() {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put(START_AT, startExport());
        states.put("ExportFinished", exportFinished());
        states.put("WaitForExport", map("Type", "Wait", "Seconds", environment.exportPollSeconds(),
                "Next", "PrepareStatusCheck"));
        states.put("PrepareStatusCheck", map(
                "Type", "Pass",
                "Comment", "The status handler takes the start output plus the source fields; the clock is for the deadline.",
                "Parameters", map("input.$", "States.JsonMerge($.request, $.export, false)",
                        "now.$", "$$.State.EnteredTime"),
                "ResultPath", "$.statusCheck",
                "Next", "CheckExportStatus"));
        states.put("CheckExportStatus", map(
                "Type", "Task",
                "Resource", resources.statusArn(),
                "InputPath", "$.statusCheck.input",
                "ResultPath", "$.export",
                "Retry", List.of(unavailableRetry(), transientRetry()),
                "Catch", List.of(catchAll("TaskFailed")),
                "Next", "ExportFinished"));
        states.put("RegisterExport", map(
                "Type", "Task",
                "Comment", "Glue tables from RDS's export metadata; idempotent, so already-exported runs repeat it. "
                        + "Returns counts and a 5-table sample, whatever the number of tables.",
                "Resource", resources.registerArn(),
                "InputPath", "$.export",
                "ResultPath", "$.catalog",
                "Retry", List.of(unavailableRetry(), transientRetry()),
                "Catch", List.of(catchAll("RegistrationFailed")),
                "Next", "AllTablesFresh"));
        states.put("AllTablesFresh", map(
                "Type", "Choice",
                "Comment", "Tables RDS failed or skipped, or listed without data, kept their previous export (marked stale).",
                "Choices", List.of(map("Variable", CATALOG + ExportOutput.INCOMPLETE_TABLES, "NumericGreaterThan", 0,
                        "Next", "ExportedWithStaleTables")),
                "Default", "Exported"));
        outcomes(states);
        return states;
    }

    private Map<String, Object> startExport() {
        return map(
                "Type", "Task",
                "Resource", resources.startArn(),
                "InputPath", "$.request",
                "ResultPath", "$.export",
                "Retry", List.of(
                        map("ErrorEquals", List.of(ExportWorkflow.QUOTA_ERROR),
                                "IntervalSeconds", ExportWorkflow.QUOTA_RETRY_INTERVAL_SECONDS,
                                "BackoffRate", 1.5,
                                "MaxAttempts", ExportWorkflow.QUOTA_RETRY_ATTEMPTS),
                        map("ErrorEquals", List.of(ExportWorkflow.SNAPSHOT_TOO_OLD_ERROR),
                                "IntervalSeconds", ExportWorkflow.SNAPSHOT_WAIT_INTERVAL_SECONDS,
                                "BackoffRate", 1,
                                "MaxAttempts", environment.waitForSnapshotHours() * 3600
                                        / ExportWorkflow.SNAPSHOT_WAIT_INTERVAL_SECONDS),
                        unavailableRetry(),
                        transientRetry()),
                "Catch", List.of(catchAll("TaskFailed")),
                "Next", "ExportFinished");
    }

    private static Map<String, Object> exportFinished() {
        String status = EXPORT + ExportOutput.STATUS;
        return map(
                "Type", "Choice",
                "Choices", List.of(
                        map("Variable", status, "StringEquals", ExportOutput.COMPLETE, "Next", "RegisterExport"),
                        map("Variable", status, "StringEquals", ExportOutput.NOT_STARTED, "Next", "DryRunDone"),
                        map("Or", List.of(
                                map("Variable", status, "StringEquals", "FAILED"),
                                map("Variable", status, "StringEquals", "CANCELED"),
                                map("Variable", status, "StringEquals", "CANCELING")),
                                "Next", "ExportTaskFailed"),
                        // Still running: give up at the deadline (checked from the first status check on).
                        map("And", List.of(
                                map("Variable", "$.statusCheck.now", "IsPresent", true),
                                map("Variable", "$.statusCheck.now", "TimestampGreaterThanPath",
                                        REQUEST + FunctionContract.DEADLINE)),
                                "Next", "ExportDeadlinePassed")),
                "Default", "WaitForExport");
    }

    /**
     * Each source ends in one small record: the run's output or failure cause is their list, so nothing unbounded
     * (a table list, an RDS warning, a stack trace) goes in it. The ways a source fails give the same fields, so what
     * follows reads the same paths on every branch.
     */
    private void outcomes(Map<String, Object> states) {
        states.put("Exported", exported(true));
        states.put("ExportedWithStaleTables", exported(false));
        states.put("DryRunDone", map(
                "Type", "Pass",
                "Parameters", outcome(SourceOutcome.DRY_RUN, exportIdentity(
                        SourceOutcome.ALREADY_EXPORTED + ".$", EXPORT + ExportOutput.ALREADY_EXPORTED,
                        SourceOutcome.INCOMPLETE, null, SourceOutcome.TABLES_COMPLETE, true)),
                "ResultPath", OUTCOME,
                "Next", RECORD_OUTCOME));
        states.put("ExportTaskFailed", failure("export", exportIdentity(
                SourceOutcome.ERROR, ErrorNames.EXPORT_TASK_FAILED,
                SourceOutcome.CAUSE + ".$", EXPORT + ExportOutput.FAILURE_CAUSE)));
        states.put("ExportDeadlinePassed", failure("export", exportIdentity(
                SourceOutcome.ERROR, ExportWorkflow.DEADLINE_PASSED_ERROR,
                SourceOutcome.CAUSE + ".$", "States.Format('Export task {} was still {} at {}, past this run deadline {}. "
                        + "RDS continues the export; the next run registers it while its snapshot is the newest.', "
                        + EXPORT + ExportOutput.EXPORT_TASK_IDENTIFIER + ", " + EXPORT + ExportOutput.STATUS
                        + ", $.statusCheck.now, " + REQUEST + FunctionContract.DEADLINE + ")")));
        states.put("TaskFailed", failure("start or status", new Object[] {
                SourceOutcome.SNAPSHOT, null, SourceOutcome.EXPORT_TASK_IDENTIFIER, null,
                SourceOutcome.ERROR + ".$", "$.error.Error", SourceOutcome.CAUSE + ".$", "$.error.Cause"}));
        states.put("RegistrationFailed", failure("register", exportIdentity(
                SourceOutcome.ERROR + ".$", "$.error.Error", SourceOutcome.CAUSE + ".$", "$.error.Cause")));
        states.put("NotifyFailure", notifyFailure());
        String failed = OUTCOME + ".";
        states.put("SourceFailed", map(
                "Type", "Pass",
                "Comment", "The cause (a stack trace, RDS's message) went to the notification; the record names the error.",
                "Parameters", map(SourceOutcome.SOURCE + ".$", failed + SourceOutcome.SOURCE,
                        SourceOutcome.RUN_START_TIME + ".$", failed + SourceOutcome.RUN_START_TIME,
                        SourceOutcome.OUTCOME, SourceOutcome.FAILED,
                        SourceOutcome.STEP + ".$", failed + SourceOutcome.STEP,
                        SourceOutcome.SNAPSHOT + ".$", failed + SourceOutcome.SNAPSHOT,
                        SourceOutcome.EXPORT_TASK_IDENTIFIER + ".$", failed + SourceOutcome.EXPORT_TASK_IDENTIFIER,
                        SourceOutcome.ERROR + ".$", failed + SourceOutcome.ERROR,
                        SourceOutcome.FAILURE + ".$", "States.Format('{}: {} in {}', " + failed + SourceOutcome.SOURCE
                                + ", " + failed + SourceOutcome.ERROR + ", " + failed + SourceOutcome.STEP + ")",
                        SourceOutcome.INCOMPLETE, null, SourceOutcome.TABLES_COMPLETE, null),
                "ResultPath", OUTCOME,
                "Next", RECORD_OUTCOME));
        states.put(RECORD_OUTCOME, recordOutcome());
        states.put("OutcomeNotRecorded", map(
                "Type", "Pass",
                "Comment", "S3 refused the record after retries: the summary reports this source as OutcomeMissing.",
                "OutputPath", OUTCOME,
                "End", true));
    }

    /** An exported source's record; {@code complete} false when some tables brought no fresh data. */
    private static Map<String, Object> exported(boolean complete) {
        return map(
                "Type", "Pass",
                "Parameters", outcome(SourceOutcome.EXPORTED,
                        SourceOutcome.SNAPSHOT + ".$", EXPORT + ExportOutput.SNAPSHOT_IDENTIFIER,
                        SourceOutcome.EXPORT_TASK_IDENTIFIER + ".$", EXPORT + ExportOutput.EXPORT_TASK_IDENTIFIER,
                        SourceOutcome.ALREADY_EXPORTED + ".$", EXPORT + ExportOutput.ALREADY_EXPORTED,
                        SourceOutcome.S3_PREFIX + ".$", EXPORT + ExportOutput.S3_PREFIX,
                        SourceOutcome.TOTAL_EXTRACTED_DATA_IN_GB + ".$", EXPORT + ExportOutput.TOTAL_EXTRACTED_DATA_IN_GB,
                        // The run summary: how long RDS took and what it cost (null when exported before).
                        SourceOutcome.EXPORT_DURATION_SECONDS + ".$", EXPORT + ExportOutput.EXPORT_DURATION_SECONDS,
                        SourceOutcome.ESTIMATED_COST_USD + ".$", EXPORT + ExportOutput.ESTIMATED_COST_USD,
                        SourceOutcome.GLUE_DATABASE + ".$", CATALOG + ExportOutput.GLUE_DATABASE,
                        SourceOutcome.TABLES_REGISTERED + ".$", CATALOG + ExportOutput.TABLES_REGISTERED,
                        // How old the data was when it became queryable (DataAgeHours, per source in the summary).
                        SourceOutcome.DATA_AGE_HOURS + ".$", CATALOG + ExportOutput.DATA_AGE_HOURS,
                        SourceOutcome.REGISTRATION + ".$", CATALOG + ExportOutput.ACTIONS,
                        SourceOutcome.INCOMPLETE_TABLES + ".$", CATALOG + ExportOutput.INCOMPLETE_TABLES,
                        SourceOutcome.INCOMPLETE + ".$", CATALOG + ExportOutput.INCOMPLETE_SAMPLE,
                        SourceOutcome.TABLES_COMPLETE, complete),
                "ResultPath", OUTCOME,
                "Next", RECORD_OUTCOME);
    }

    private Map<String, Object> notifyFailure() {
        return map(
                "Type", "Task",
                "Comment", "One message per failed source, naming source, snapshot, step, error and the full cause.",
                "Resource", ExportWorkflow.snsPublish(environment.partition()),
                "Parameters", map(
                        "TopicArn", resources.failureTopicArn(),
                        "Subject", "analysis-platform " + environment.name() + ": a source failed to export",
                        "Message.$", "States.JsonToString(" + OUTCOME + ")"),
                "ResultPath", null,
                "Retry", List.of(map("ErrorEquals", List.of("States.ALL"), "IntervalSeconds", 2, "BackoffRate", 2,
                        "MaxAttempts", 3)),
                "Catch", List.of(map("ErrorEquals", List.of("States.ALL"), "ResultPath", "$.notificationError",
                        "Next", "SourceFailed")),
                "Next", "SourceFailed");
    }

    /** The snapshot and task fields every outcome that got as far as an export carries, then {@code more}. */
    private static Object[] exportIdentity(Object... more) {
        Object[] fields = new Object[4 + more.length];
        fields[0] = SourceOutcome.SNAPSHOT + ".$";
        fields[1] = EXPORT + ExportOutput.SNAPSHOT_IDENTIFIER;
        fields[2] = SourceOutcome.EXPORT_TASK_IDENTIFIER + ".$";
        fields[3] = EXPORT + ExportOutput.EXPORT_TASK_IDENTIFIER;
        System.arraycopy(more, 0, fields, 4, more.length);
        return fields;
    }

    private static Map<String, Object> outcome(String outcome, Object... fields) {
        Map<String, Object> record = map(SourceOutcome.SOURCE + ".$", REQUEST + FunctionContract.SOURCE_NAME,
                // The request's runStartTime (the planner's field of the same name).
                SourceOutcome.RUN_START_TIME + ".$", REQUEST + SourceOutcome.RUN_START_TIME,
                SourceOutcome.OUTCOME, outcome);
        record.putAll(map(fields));
        return record;
    }

    private static Map<String, Object> failure(String step, Object[] fields) {
        Map<String, Object> record = outcome(SourceOutcome.FAILED, SourceOutcome.STEP, step);
        record.putAll(map(fields));
        return map("Type", "Pass", "Parameters", record, "ResultPath", OUTCOME, "Next", "NotifyFailure");
    }

    /**
     * The source's record for the run's summary (contract.RunRecords), written by Step Functions' own S3 integration;
     * the child's output is the record too (the map's ResultWriter keeps it beside the execution's metadata).
     */
    private Map<String, Object> recordOutcome() {
        return map(
                "Type", "Task",
                "Resource", "arn:" + environment.partition() + ":states:::aws-sdk:s3:putObject",
                "Parameters", map(
                        "Bucket.$", "$." + FunctionContract.RUN_BUCKET,
                        "Key.$", "States.Format('" + RunRecords.OUTCOME_KEY_TEMPLATE + "', $." + FunctionContract.RUN
                                + ", " + OUTCOME + "." + SourceOutcome.SOURCE + ")",
                        "Body.$", "States.JsonToString(" + OUTCOME + ")",
                        "ContentType", "application/json"),
                "ResultPath", null,
                "OutputPath", OUTCOME,
                "Retry", List.of(map("ErrorEquals", List.of("States.ALL"), "IntervalSeconds", 2, "BackoffRate", 2,
                        "MaxAttempts", 5)),
                "Catch", List.of(map("ErrorEquals", List.of("States.ALL"), "ResultPath", "$.recordError",
                        "Next", "OutcomeNotRecorded")),
                "End", true);
    }

    private static Map<String, Object> catchAll(String next) {
        return map("ErrorEquals", List.of("States.ALL"), "ResultPath", "$.error", "Next", next);
    }

    static Map<String, Object> unavailableRetry() {
        return map("ErrorEquals", List.of(ExportWorkflow.AWS_UNAVAILABLE_ERROR),
                "IntervalSeconds", ExportWorkflow.UNAVAILABLE_RETRY_INTERVAL_SECONDS,
                "BackoffRate", 2, "MaxAttempts", ExportWorkflow.UNAVAILABLE_RETRY_ATTEMPTS);
    }

    static Map<String, Object> transientRetry() {
        return map("ErrorEquals", ExportWorkflow.TRANSIENT_LAMBDA_ERRORS, "IntervalSeconds", 2, "BackoffRate", 2,
                "MaxAttempts", 6);
    }
}
