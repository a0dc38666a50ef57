package dev.analysisplatform.infra;

import static dev.analysisplatform.infra.JsonValues.map;

import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.contract.ErrorNames;
import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.contract.SourceOutcome;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.environment.SourceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Amazon States Language definition of one daily run, as data:
 *
 * <pre>
 * Plan ─▶ ExportEachAccount (Distributed Map: a child execution per account)
 *           └─ ExportEachSource (Distributed Map: a child execution per source, bounded per account)
 *                └─ StartExport ─▶ ExportFinished? ─ COMPLETE ─▶ RegisterExport (Glue) ─▶ Exported (or
 *                                    │                    ExportedWithStaleTables: some tables brought no fresh data)
 *                                    │  NOT_STARTED (dry run) ─▶ DryRunDone
 *                                    │  FAILED / CANCELED ─▶ ExportTaskFailed ─▶ NotifyFailure (SNS) ─▶ SourceFailed
 *                                    │  still running past the run's deadline ─▶ ExportDeadlinePassed ─▶ NotifyFailure
 *                                    └─ otherwise ─▶ WaitForExport ─▶ PrepareStatusCheck ─▶ CheckExportStatus ─┐
 *                                       ▲──────────────────────────────────────────────────────────────────────┘
 *                (a failing start, status check or registration ─▶ TaskFailed / RegistrationFailed ─▶ NotifyFailure)
 *        ─▶ Summarize ─▶ AnyFailed? ─▶ Fail, every source's outcome as cause
 *                                   ├─▶ NotifyStaleTables (SNS, once) when a source has stale tables ─▶ Succeed
 *                                   └─▶ Succeed with a per-source summary
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

    /** What the definition calls: the four functions and the failure topic. */
    public record Resources(String planArn, String startArn, String statusArn, String registerArn, String failureTopicArn) {
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

    /** The state whose output is every source's outcome, also when the run fails (its cause names only the failed). */
    public static final String SUMMARY_STATE = "Summarize";

    /**
     * The run's failure cause. The full cause of each failed source is in its own message on the failure topic, and
     * every outcome is the output of the summary state (no apostrophes: they would end the States.Format literal).
     */
    static final String FAILURE_CAUSE_TEMPLATE = "{} of {} sources failed: {}. Each failed source has its own message "
            + "with the full cause on the failure topic; every source outcome is the output of state " + SUMMARY_STATE
            + " in the execution history.";

    Map<String, Object> definition() {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("Plan", map(
                "Type", "Task",
                "Comment", "Select the sources to export and apply the execution input's overrides.",
                "Resource", resources.planArn(),
                "Parameters", map(FunctionContract.CONFIGURED_SOURCES, configuredSources(environment),
                        FunctionContract.EXECUTION_INPUT + ".$", "$",
                        FunctionContract.EXECUTION_START_TIME + ".$", "$$.Execution.StartTime"),
                "Retry", List.of(SourceWorkflow.transientRetry()),
                "Next", "ExportEachAccount"));
        // RDS's limit of concurrent exports is per account: accounts run in parallel, and within one account at most
        // maxConcurrentExportsPerAccount sources. Both Maps are Distributed, so every account and every source runs
        // as its own child execution: a source's polling loop (about 11 history events per poll) stays in that
        // source's history, and no execution's history grows with the fleet (Step Functions' hard quota is 25,000
        // events per execution). Children's results still come back in order, as with an inline Map.
        Map<String, Object> eachSource = distributedMap(
                "One child execution per source of this account, at most "
                        + environment.maxConcurrentExportsPerAccount() + " at once (RDS runs 5 per account).",
                "$." + FunctionContract.EXPORTS,
                map("request.$", "$$.Map.Item.Value"),
                environment.maxConcurrentExportsPerAccount(), SOURCE_LABEL, SourceWorkflow.START_AT,
                new SourceWorkflow(environment, resources).states());
        eachSource.put("End", true);
        Map<String, Object> eachAccount = distributedMap(
                "One child execution per source account, all at once.",
                "$." + FunctionContract.ACCOUNTS,
                map(FunctionContract.ACCOUNT + ".$", "$$.Map.Item.Value." + FunctionContract.ACCOUNT,
                        FunctionContract.EXPORTS + ".$", "$$.Map.Item.Value." + FunctionContract.EXPORTS),
                0, ACCOUNT_LABEL, "ExportEachSource", map("ExportEachSource", eachSource));
        // The output is the results alone: the plan (every source's full input) is not carried on beside them.
        eachAccount.put("Next", "Summarize");
        states.put("ExportEachAccount", eachAccount);
        // One list of every source's outcome, whichever account it belongs to.
        states.put(SUMMARY_STATE, map(
                "Type", "Pass",
                "Parameters", map("results.$", "$[*][*]", "outcomes.$", "$[*][*]." + SourceOutcome.OUTCOME,
                        "tablesComplete.$", "$[*][*]." + SourceOutcome.TABLES_COMPLETE),
                "Next", "CheckOutcomes"));
        states.put("CheckOutcomes", map(
                "Type", "Pass",
                "Parameters", map(
                        "results.$", "$.results",
                        "anyFailed.$", "States.ArrayContains($.outcomes, '" + SourceOutcome.FAILED + "')",
                        "anyStale.$", "States.ArrayContains($.tablesComplete, false)"),
                "Next", "AnyFailed"));
        states.put("AnyFailed", map(
                "Type", "Choice",
                "Choices", List.of(
                        map("Variable", "$.anyFailed", "BooleanEquals", true, "Next", "ListFailures"),
                        map("Variable", "$.anyStale", "BooleanEquals", true, "Next", "NotifyStaleTables")),
                "Default", "Done"));
        // A run whose sources all exported can still leave tables on older data (RDS failed or skipped them): one
        // message for the run names them (each registration names its first few, "source: table (reason)"; the
        // register function's log has all); a failing run names them in its cause instead.
        states.put("NotifyStaleTables", map(
                "Type", "Task",
                "Resource", snsPublish(environment.partition()),
                "Parameters", map(
                        "TopicArn", resources.failureTopicArn(),
                        "Subject", "analysis-platform " + environment.name() + ": tables without fresh data",
                        "Message.$", "States.JsonToString($.results[*]." + SourceOutcome.INCOMPLETE + ")"),
                "ResultPath", null,
                "Retry", List.of(map("ErrorEquals", List.of("States.ALL"), "IntervalSeconds", 2, "BackoffRate", 2,
                        "MaxAttempts", 3)),
                "Catch", List.of(map("ErrorEquals", List.of("States.ALL"), "ResultPath", "$.notificationError",
                        "Next", "Done")),
                "Next", "Done"));
        // AWS keeps at most 32,768 characters of a failure cause: every outcome (up to 1.3 KB each) would be cut after
        // about 25 sources, so the cause names each failed source in one short line and says where the rest is.
        // Only reached with a failed source: a filter that matches nothing is an error in some engines (moto's).
        states.put("ListFailures", map(
                "Type", "Pass",
                "Parameters", map(
                        // A filter: Parameters take Jayway's full JsonPath (only reference paths are restricted).
                        "failures.$", "$.results[?(@." + SourceOutcome.OUTCOME + " == '" + SourceOutcome.FAILED + "')]."
                                + SourceOutcome.FAILURE,
                        "total.$", "States.ArrayLength($.results)"),
                "Next", "DescribeFailures"));
        states.put("DescribeFailures", map(
                "Type", "Pass",
                "Parameters", map(
                        "failed.$", "States.ArrayLength($.failures)",
                        "total.$", "$.total",
                        "failures.$", "States.JsonToString($.failures)"),
                "Next", "Failed"));
        states.put("Failed", map(
                "Type", "Fail",
                "Error", FAILED_ERROR,
                "CausePath", "States.Format('" + FAILURE_CAUSE_TEMPLATE + "', $.failed, $.total, $.failures)"));
        states.put("Done", map("Type", "Succeed", "OutputPath", "$.results"));

        return map(
                "Comment", "analysis-platform " + environment.name() + ": export the newest snapshot of every source",
                "StartAt", "Plan",
                "TimeoutSeconds", EXECUTION_TIMEOUT_SECONDS,
                "States", states);
    }

    /**
     * A Map whose iterations run as child workflow executions (STANDARD, so a child may run for hours). Without
     * ToleratedFailurePercentage a child that fails uncaught fails the map run; every source's path catches its
     * errors into an outcome, so only a definition bug would.
     */
    private static Map<String, Object> distributedMap(String comment, String itemsPath, Map<String, Object> itemSelector,
                                                      int maxConcurrency, String label, String startAt,
                                                      Map<String, Object> states) {
        return map(
                "Type", "Map",
                "Comment", comment,
                "ItemsPath", itemsPath,
                "ItemSelector", itemSelector,
                "MaxConcurrency", maxConcurrency,
                "Label", label,
                "ItemProcessor", map(
                        "ProcessorConfig", map("Mode", "DISTRIBUTED", "ExecutionType", "STANDARD"),
                        "StartAt", startAt,
                        "States", states));
    }

    /** The sources as the planner receives them: exactly the exporter's input fields. */
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
            sources.add(item);
        }
        return sources;
    }
}
