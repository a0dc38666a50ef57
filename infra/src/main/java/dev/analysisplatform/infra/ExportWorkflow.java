package dev.analysisplatform.infra;

import static dev.analysisplatform.infra.JsonValues.map;

import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.contract.ErrorNames;
import dev.analysisplatform.contract.FunctionContract;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.environment.SourceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Amazon States Language definition of one daily run, as data:
 *
 * <pre>
 * Plan (writes the plan to S3) ─▶ ExportEachAccount (Distributed Map: a child execution per account and region)
 *           └─ ExportEachSource (Distributed Map: a child execution per source, bounded per account and region)
 *                └─ StartExport ─▶ ExportFinished? ─ COMPLETE ─▶ RegisterExport (Glue) ─▶ Exported (or
 *                                    │                    ExportedWithStaleTables: some tables brought no fresh data)
 *                                    │  NOT_STARTED (dry run) ─▶ DryRunDone
 *                                    │  FAILED / CANCELED ─▶ ExportTaskFailed ─▶ NotifyFailure (SNS) ─▶ SourceFailed
 *                                    │  still running past the run's deadline ─▶ ExportDeadlinePassed ─▶ NotifyFailure
 *                                    └─ otherwise ─▶ WaitForExport ─▶ PrepareStatusCheck ─▶ CheckExportStatus ─┐
 *                                       ▲──────────────────────────────────────────────────────────────────────┘
 *                (a failing start, status check or registration ─▶ TaskFailed / RegistrationFailed ─▶ NotifyFailure)
 *                every outcome ─▶ RecordOutcome (S3: runs/&lt;run&gt;/outcomes/&lt;source&gt;.json)
 *        ─▶ Summarize (the run report in S3) ─▶ AnyFailed? ─▶ Fail naming the first failed sources and the report
 *                                   ├─▶ NotifyStaleTables (SNS, once) when a source has stale tables ─▶ Succeed
 *                                   └─▶ Succeed with the counts and the report's location
 * </pre>
 *
 * Plain JSONPath with a few intrinsic functions, so the same definition runs in AWS and in the local runner.
 */
public final class ExportWorkflow {

    /** Java Lambda errors carry the exception's fully qualified class name; these match lambda/'s classes. */
    public static final String QUOTA_ERROR = ErrorNames.QUOTA_EXCEEDED;
    /** Throttling, 5xx or no answer from AWS after the SDK's retries; every step is idempotent, so retry it. */
    public static final String AWS_UNAVAILABLE_ERROR = ErrorNames.AWS_UNAVAILABLE;
    /** The newest snapshot is older than the source allows; waited for, then the source fails naming its age. */
    public static final String SNAPSHOT_TOO_OLD_ERROR = ErrorNames.SNAPSHOT_TOO_OLD;
    static final int SNAPSHOT_WAIT_INTERVAL_SECONDS = 15 * 60;
    /** A source still exporting at its deadline ends FAILED with this error; RDS goes on, and the next run registers the
     * finished export unless a newer snapshot has replaced it. */
    public static final String DEADLINE_PASSED_ERROR = ErrorNames.DEADLINE_PASSED;
    /** Map Run labels: child executions are named {@code <state machine>/<label>:<id>} in the console. */
    static final String ACCOUNT_LABEL = "account";
    static final String SOURCE_LABEL = "source";
    /**
     * Lambda service errors, as Step Functions' own retry example lists them ("Handle transient Lambda service
     * exceptions"): ServiceException, AWSLambdaException, SdkClientException, TooManyRequestsException and
     * ClientExecutionTimeoutException.
     */
    public static final List<String> TRANSIENT_LAMBDA_ERRORS = List.of("Lambda.ServiceException",
            "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException",
            "Lambda.ClientExecutionTimeoutException");
    public static final String FAILED_ERROR = ErrorNames.EXPORT_FAILED;

    /** Big databases export for hours; stop before the next daily run would start. */
    static final int EXECUTION_TIMEOUT_SECONDS = Defaults.RUN_TIMEOUT_HOURS * 3600;
    static final int QUOTA_RETRY_INTERVAL_SECONDS = 300;
    static final int QUOTA_RETRY_ATTEMPTS = 8;
    /** 15 s, 30 s, 60 s, 120 s, 240 s: outlasts a regional blip without holding a source for long. */
    static final int UNAVAILABLE_RETRY_INTERVAL_SECONDS = 15;
    static final int UNAVAILABLE_RETRY_ATTEMPTS = 5;

    /** Step Functions' optimised SNS integration in the commercial partition (the emulator's, and most users'). */
    public static final String SNS_PUBLISH = snsPublish("aws");

    /** The SNS integration in {@code partition}: arn:aws-cn:… in China, arn:aws-us-gov:… in GovCloud. */
    public static String snsPublish(String partition) {
        return "arn:" + partition + ":states:::sns:publish";
    }

    /** What the definition calls: the five functions and the failure topic. */
    public record Resources(String planArn, String startArn, String statusArn, String registerArn, String summarizeArn,
                            String failureTopicArn) {
    }

    private final EnvironmentDefinition environment;
    private final Resources resources;

    public ExportWorkflow(EnvironmentDefinition environment, Resources resources) {
        this.environment = environment;
        this.resources = resources;
    }

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(definition());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the state machine definition", e);
        }
    }

    /** The state whose output is the run's bounded summary (counts, first failures, the report's location). */
    public static final String SUMMARY_STATE = "Summarize";

    /**
     * The run's failure cause: AWS keeps at most 32,768 characters of one, so it names the first failed sources
     * (RunRecords.NAMED_IN_SUMMARY, one short line each) and says where every outcome is (no apostrophes: they would
     * end the States.Format literal).
     */
    static final String FAILURE_CAUSE_TEMPLATE = "{} of {} sources failed: {} (at most " + RunRecords.NAMED_IN_SUMMARY
            + " named). Every source outcome is in the run report {}; each failed source has its own message with the "
            + "full cause on the failure topic.";

    Map<String, Object> definition() {
        Map<String, Object> states = new LinkedHashMap<>();
        // The configured sources and the plan are run records in S3 (RunRecords), not state data: a thousand sources
        // are more than Step Functions' 256 KiB per state. The plan's output is a few keys, whatever the fleet.
        states.put("Plan", map(
                "Type", "Task",
                "Comment", "Select the sources to export, apply the execution input's overrides, write the plan to S3.",
                "Resource", resources.planArn(),
                "Parameters", map(FunctionContract.RUN_BUCKET, environment.exportBucketName(),
                        FunctionContract.RUN + ".$", "$$.Execution.Name",
                        FunctionContract.EXECUTION_INPUT + ".$", "$",
                        FunctionContract.EXECUTION_START_TIME + ".$", "$$.Execution.StartTime"),
                "Retry", List.of(SourceWorkflow.unavailableRetry(), SourceWorkflow.transientRetry()),
                "Next", "ExportEachAccount"));
        // RDS's limit of concurrent exports is per account and region: groups (an account in a region) run in
        // parallel, and within one group at most maxConcurrentExportsPerAccount sources. Both Maps are Distributed,
        // so every group and every source runs as its own child execution: a source's polling loop (about 11 history
        // events per poll) stays in that source's history, and no execution's history grows with the fleet (Step
        // Functions' hard quota is 25,000 events per execution). Both read their items from the plan (ItemReader) and
        // write their children's results to S3 (ResultWriter), so neither their input nor their output grows with the
        // fleet either; each source writes its outcome as a run record, which the summary reads.
        Map<String, Object> eachSource = distributedMap(
                "One child execution per source of this account and region, at most "
                        + environment.maxConcurrentExportsPerAccount() + " at once (RDS runs 5 per account and region).",
                "$.group." + RunRecords.KEY,
                environment.maxConcurrentExportsPerAccount(), SOURCE_LABEL, SourceWorkflow.START_AT,
                new SourceWorkflow(environment, resources).states());
        eachSource.put("End", true);
        Map<String, Object> eachAccount = distributedMap(
                "One child execution per source account and region, all at once.",
                "$." + FunctionContract.PLAN,
                0, ACCOUNT_LABEL, "ExportEachSource", map("ExportEachSource", eachSource));
        eachAccount.put("ItemSelector", map("group.$", "$$.Map.Item.Value",
                FunctionContract.RUN_BUCKET + ".$", "$." + FunctionContract.RUN_BUCKET,
                FunctionContract.RUN + ".$", "$." + FunctionContract.RUN));
        eachAccount.put("ResultPath", "$.mapRun");
        // A map run that fails (S3 refusing the plan or the results after retries, or a child failing uncaught) still
        // ends in the summary: every source without an outcome is reported as OutcomeMissing, and the run fails.
        eachAccount.put("Catch", List.of(map("ErrorEquals", List.of(ITEM_READER_FAILED, RESULT_WRITER_FAILED,
                MAP_RUN_FAILED), "ResultPath", "$.mapError", "Next", SUMMARY_STATE)));
        eachAccount.put("Next", SUMMARY_STATE);
        states.put("ExportEachAccount", eachAccount);
        states.put(SUMMARY_STATE, map(
                "Type", "Task",
                "Comment", "Every planned source's outcome into the run report (S3); returns counts and the first failures.",
                "Resource", resources.summarizeArn(),
                "Parameters", map(FunctionContract.RUN_BUCKET + ".$", "$." + FunctionContract.RUN_BUCKET,
                        FunctionContract.RUN + ".$", "$." + FunctionContract.RUN),
                "Retry", List.of(SourceWorkflow.unavailableRetry(), SourceWorkflow.transientRetry()),
                "Next", "AnyFailed"));
        states.put("AnyFailed", map(
                "Type", "Choice",
                "Choices", List.of(
                        map("Variable", "$." + RunRecords.ANY_FAILED, "BooleanEquals", true, "Next", "DescribeFailures"),
                        map("Variable", "$." + RunRecords.ANY_STALE, "BooleanEquals", true, "Next", "NotifyStaleTables")),
                "Default", "Done"));
        // A run whose sources all exported can still leave tables on older data (RDS failed or skipped them): one
        // message for the run, the bounded summary: its counts, the first sources' samples of stale tables ("source:
        // table (reason)") and the report, which has every source's; the register function's log has every table.
        states.put("NotifyStaleTables", map(
                "Type", "Task",
                "Resource", snsPublish(environment.partition()),
                "Parameters", map(
                        "TopicArn", resources.failureTopicArn(),
                        "Subject", "analysis-platform " + environment.name() + ": tables without fresh data",
                        "Message.$", "States.JsonToString($)"),
                "ResultPath", null,
                "Retry", List.of(map("ErrorEquals", List.of("States.ALL"), "IntervalSeconds", 2, "BackoffRate", 2,
                        "MaxAttempts", 3)),
                "Catch", List.of(map("ErrorEquals", List.of("States.ALL"), "ResultPath", "$.notificationError",
                        "Next", "Done")),
                "Next", "Done"));
        states.put("DescribeFailures", map(
                "Type", "Pass",
                "Parameters", map(
                        "failed.$", "$." + RunRecords.FAILED,
                        "total.$", "$." + RunRecords.TOTAL,
                        "failures.$", "States.JsonToString($." + RunRecords.FAILURES + ")",
                        "report.$", "$." + RunRecords.REPORT),
                "Next", "Failed"));
        states.put("Failed", map(
                "Type", "Fail",
                "Error", FAILED_ERROR,
                "CausePath", "States.Format('" + FAILURE_CAUSE_TEMPLATE + "', $.failed, $.total, $.failures, $.report)"));
        states.put("Done", map("Type", "Succeed"));

        return map(
                "Comment", "analysis-platform " + environment.name() + ": export the newest snapshot of every source",
                "StartAt", "Plan",
                "TimeoutSeconds", EXECUTION_TIMEOUT_SECONDS,
                "States", states);
    }

    /** A Distributed Map's own errors when S3 refuses its items or its results (Step Functions' error names). */
    static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";
    /** A map run whose children failed beyond its tolerance (none here): only a definition bug or a quota. */
    static final String MAP_RUN_FAILED = "States.ExceedToleratedFailureThreshold";

    /**
     * A Map whose iterations run as child workflow executions (STANDARD, so a child may run for hours), reading its
     * items from the run record {@code itemsKeyPath} names and writing its children's results under the
     * map-results prefix; S3 failing either is retried. Without ToleratedFailurePercentage a child that fails uncaught
     * fails the map run; every source's path catches its errors into an outcome, so only a definition bug or a quota
     * (a state over 256 KiB) would.
     */
    private Map<String, Object> distributedMap(String comment, String itemsKeyPath, int maxConcurrency, String label,
                                               String startAt, Map<String, Object> states) {
        String s3 = "arn:" + environment.partition() + ":states:::s3:";
        return map(
                "Type", "Map",
                "Comment", comment,
                "ItemReader", map(
                        "Resource", s3 + "getObject",
                        "ReaderConfig", map("InputType", "JSON"),
                        "Parameters", map("Bucket.$", "$." + FunctionContract.RUN_BUCKET, "Key.$", itemsKeyPath)),
                "ItemSelector", map("request.$", "$$.Map.Item.Value",
                        FunctionContract.RUN_BUCKET + ".$", "$." + FunctionContract.RUN_BUCKET,
                        FunctionContract.RUN + ".$", "$." + FunctionContract.RUN),
                "MaxConcurrency", maxConcurrency,
                "Label", label,
                "ItemProcessor", map(
                        "ProcessorConfig", map("Mode", "DISTRIBUTED", "ExecutionType", "STANDARD"),
                        "StartAt", startAt,
                        "States", states),
                "ResultWriter", map(
                        "Resource", s3 + "putObject",
                        "Parameters", map("Bucket", environment.exportBucketName(),
                                "Prefix", RunRecords.MAP_RESULTS_PREFIX)),
                "Retry", List.of(map("ErrorEquals", List.of(ITEM_READER_FAILED, RESULT_WRITER_FAILED),
                        "IntervalSeconds", 5, "BackoffRate", 2, "MaxAttempts", 3)));
    }

    /** The configured sources, as Terraform writes them for the planner: exactly the exporter's input fields. */
    static List<Map<String, Object>> configuredSources(EnvironmentDefinition environment) {
        PlatformNames names = environment.names();
        List<Map<String, Object>> sources = new ArrayList<>();
        for (SourceDefinition source : environment.sources()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put(FunctionContract.SOURCE_NAME, source.name());
            item.put(FunctionContract.SOURCE_ROLE_ARN, names.readerRoleArn(source.accountId()));
            item.put(FunctionContract.EXTERNAL_ID, source.externalId());
            item.put(FunctionContract.EXPORT_ROLE_ARN, names.exportRoleArn(source.accountId()));
            item.put(FunctionContract.DB_CLUSTER_IDENTIFIER, source.dbClusterIdentifier());
            item.put(FunctionContract.DB_INSTANCE_IDENTIFIER, source.dbInstanceIdentifier());
            item.put(FunctionContract.SNAPSHOT_TYPES, source.snapshotTypes());
            item.put(FunctionContract.EXPORT_ONLY, source.exportOnly().isEmpty() ? null : source.exportOnly());
            item.put(FunctionContract.MAX_SNAPSHOT_AGE_HOURS, source.maxSnapshotAgeHours());
            item.put(FunctionContract.SOURCE_REGION, environment.regionOf(source));
            sources.add(item);
        }
        return sources;
    }
}
