package dev.analysisplatform.infra;

import dev.analysisplatform.environment.EnvironmentDefinition;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state machine definition as data: every transition lands on a state, every failure path is caught. */
class ExportWorkflowTest {

    private final JsonNode definition = parse(new ExportWorkflow(TestEnvironments.standard(),
            new ExportWorkflow.Resources("arn:plan", "arn:start", "arn:status", "arn:register", "arn:summarize",
                    "arn:topic")).toJson());

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode accountIteration() {
        return definition.path("States").path("ExportEachAccount").path("ItemProcessor");
    }

    private JsonNode iteration() {
        return accountIteration().path("States").path("ExportEachSource").path("ItemProcessor");
    }

    @Test
    void transitions_allTargetExistingStatesInTheirScope() {
        assertTransitionsResolve(definition);
        assertTransitionsResolve(accountIteration());
        assertTransitionsResolve(iteration());
    }

    @Test
    void accountsRunInParallelAndSourcesWithinAnAccountAreBounded() {
        JsonNode accounts = definition.path("States").path("ExportEachAccount");
        assertThat(accounts.path("MaxConcurrency").asInt()).isZero();
        JsonNode sources = accountIteration().path("States").path("ExportEachSource");
        assertThat(sources.path("MaxConcurrency").asInt())
                .isEqualTo(TestEnvironments.standard().maxConcurrentExportsPerAccount());
    }

    /** Nothing that grows with the fleet rides in a state: items come from the plan in S3, results go back to S3. */
    @Test
    void bothMapsReadTheirItemsFromThePlanAndWriteTheirResultsToS3() {
        JsonNode accounts = definition.path("States").path("ExportEachAccount");
        JsonNode sources = accountIteration().path("States").path("ExportEachSource");
        assertThat(accounts.path("ItemReader").path("Parameters").path("Key.$").asText()).isEqualTo("$.plan");
        assertThat(sources.path("ItemReader").path("Parameters").path("Key.$").asText()).isEqualTo("$.group.key");
        for (JsonNode map : List.of(accounts, sources)) {
            assertThat(map.has("ItemsPath")).isFalse();
            assertThat(map.path("ItemReader").path("Resource").asText()).isEqualTo("arn:aws:states:::s3:getObject");
            assertThat(map.path("ItemReader").path("ReaderConfig").path("InputType").asText()).isEqualTo("JSON");
            assertThat(map.path("ResultWriter").path("Resource").asText()).isEqualTo("arn:aws:states:::s3:putObject");
            assertThat(map.path("ResultWriter").path("Parameters").path("Prefix").asText()).isEqualTo("runs/map-results");
        }
        assertThat(definition.path("States").path("Summarize").path("Resource").asText()).isEqualTo("arn:summarize");
        // S3 failing the items or the results is retried; a failed map run still ends in the summary, which reports
        // every source without an outcome.
        for (JsonNode map : List.of(accounts, sources)) {
            assertThat(map.path("Retry").get(0).path("ErrorEquals").toString())
                    .contains("States.ItemReaderFailed").contains("States.ResultWriterFailed");
        }
        assertThat(accounts.path("Catch").get(0).path("Next").asText()).isEqualTo("Summarize");
        assertThat(accounts.path("Catch").get(0).path("ErrorEquals").toString())
                .contains("States.ExceedToleratedFailureThreshold").doesNotContain("States.ALL");
    }

    @Test
    void everySourceOutcome_isWrittenAsARunRecord_onEveryPath() {
        JsonNode states = iteration().path("States");
        for (String end : List.of("Exported", "ExportedWithStaleTables", "DryRunDone", "SourceFailed")) {
            assertThat(states.path(end).path("Next").asText()).as(end).isEqualTo("RecordOutcome");
            assertThat(states.path(end).path("ResultPath").asText()).as(end).isEqualTo("$.outcome");
        }
        JsonNode record = states.path("RecordOutcome");
        assertThat(record.path("Resource").asText()).isEqualTo("arn:aws:states:::aws-sdk:s3:putObject");
        assertThat(record.path("Parameters").path("Key.$").asText())
                .isEqualTo("States.Format('runs/{}/outcomes/{}.json', $.run, $.outcome.source)");
        assertThat(record.path("Catch").get(0).path("Next").asText()).isEqualTo("OutcomeNotRecorded");
    }

    @Test
    void everyAccountAndEverySourceRunsAsItsOwnChildExecution() {
        // A source polls for hours (about 11 history events per poll); as a child execution of a Distributed Map its
        // loop stays out of the parent's history, which Step Functions caps at 25,000 events.
        for (JsonNode map : List.of(definition.path("States").path("ExportEachAccount"),
                accountIteration().path("States").path("ExportEachSource"))) {
            assertThat(map.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText()).isEqualTo("DISTRIBUTED");
            assertThat(map.path("ItemProcessor").path("ProcessorConfig").path("ExecutionType").asText())
                    .as("exports outlast EXPRESS's 5 minutes").isEqualTo("STANDARD");
            assertThat(map.path("Label").asText()).matches("[a-z]{1,40}");
            assertThat(map.has("ToleratedFailurePercentage")).as("sources catch their own failures").isFalse();
        }
    }

    @Test
    void aSourceStillExportingAtTheRunsDeadline_failsOnItsOwnBeforeTheRunTimesOut() {
        JsonNode finished = iteration().path("States").path("ExportFinished");
        JsonNode rule = finished.path("Choices").get(3);
        assertThat(rule.path("Next").asText()).isEqualTo("ExportDeadlinePassed");
        assertThat(rule.path("And").get(1).path("Variable").asText()).isEqualTo("$.statusCheck.now");
        assertThat(rule.path("And").get(1).path("TimestampGreaterThanPath").asText()).isEqualTo("$.request.deadline");
        assertThat(iteration().path("States").path("PrepareStatusCheck").path("Parameters").path("now.$").asText())
                .isEqualTo("$$.State.EnteredTime");
        assertThat(iteration().path("States").path("ExportDeadlinePassed").path("Next").asText())
                .isEqualTo("NotifyFailure");
        assertThat(definition.path("TimeoutSeconds").asInt()).isEqualTo(
                (dev.analysisplatform.contract.Defaults.SOURCE_DEADLINE_HOURS + 1) * 3600);
    }

    private static void assertTransitionsResolve(JsonNode scope) {
        JsonNode states = scope.path("States");
        assertThat(states.has(scope.path("StartAt").asText())).isTrue();
        List<String> targets = new ArrayList<>();
        states.forEach(state -> {
            if (state.has("Next")) {
                targets.add(state.path("Next").asText());
            }
            if (state.has("Default")) {
                targets.add(state.path("Default").asText());
            }
            state.path("Choices").forEach(c -> targets.add(c.path("Next").asText()));
            state.path("Catch").forEach(c -> targets.add(c.path("Next").asText()));
            boolean terminal = state.path("End").asBoolean() || List.of("Succeed", "Fail", "Choice")
                    .contains(state.path("Type").asText());
            assertThat(terminal || state.has("Next")).as("state without Next or End: " + state).isTrue();
        });
        assertThat(targets).allSatisfy(t -> assertThat(states.has(t)).as("transition to " + t).isTrue());
    }

    @Test
    void startExport_retriesQuotaWithBackoffAndCatchesEverythingElse() {
        JsonNode start = iteration().path("States").path("StartExport");
        assertThat(start.path("Resource").asText()).isEqualTo("arn:start");
        JsonNode quota = start.path("Retry").get(0);
        assertThat(quota.path("ErrorEquals").get(0).asText())
                .isEqualTo("dev.analysisplatform.export.errors.ExportQuotaExceededException");
        assertThat(quota.path("BackoffRate").asDouble()).isGreaterThan(1.0);
        assertThat(start.path("Catch").get(0).path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
    }

    @Test
    void exportFinished_routesEveryTerminalRdsStatus() {
        String choices = iteration().path("States").path("ExportFinished").path("Choices").toString();
        for (String status : List.of("COMPLETE", "NOT_STARTED", "FAILED", "CANCELED", "CANCELING")) {
            assertThat(choices).contains("\"" + status + "\"");
        }
        assertThat(iteration().path("States").path("ExportFinished").path("Default").asText()).isEqualTo("WaitForExport");
    }

    @Test
    void completeExport_isRegisteredAndEveryFailurePathNotifies() {
        JsonNode states = iteration().path("States");
        assertThat(states.path("RegisterExport").path("Resource").asText()).isEqualTo("arn:register");
        assertThat(states.path("RegisterExport").path("InputPath").asText()).isEqualTo("$.export");
        for (String failure : new String[] {"ExportTaskFailed", "TaskFailed", "RegistrationFailed"}) {
            assertThat(states.path(failure).path("Next").asText()).as(failure).isEqualTo("NotifyFailure");
            assertThat(states.path(failure).path("Parameters").path("outcome").asText()).isEqualTo("FAILED");
        }
        assertThat(states.path("NotifyFailure").path("Resource").asText()).isEqualTo(ExportWorkflow.SNS_PUBLISH);
        assertThat(states.path("NotifyFailure").path("Parameters").path("TopicArn").asText()).isEqualTo("arn:topic");
        assertThat(states.path("NotifyFailure").path("ResultPath").isNull()).as("keeps the outcome").isTrue();
    }

    @ParameterizedTest
    @CsvSource({"cn-north-1,aws-cn", "us-gov-west-1,aws-us-gov", "eu-west-1,aws"})
    void snsIntegration_isInTheEnvironmentsPartition(String region, String partition) {
        EnvironmentDefinition standard = TestEnvironments.standard();
        EnvironmentDefinition elsewhere = new EnvironmentDefinition(standard.name(), standard.analyticsAccountId(),
                region, standard.namePrefix(), standard.exportBucketName(), standard.exportPrefix(),
                standard.schedule(), standard.startOn(), standard.exportRetentionDays(), standard.logRetentionDays(),
                standard.exportPollSeconds(), standard.maxConcurrentExportsPerAccount(), standard.athenaBytesScannedCutoffGb(),
                standard.waitForSnapshotHours(), standard.exportPricePerGb(), standard.notificationEmails(),
                standard.sources());
        JsonNode states = parse(new ExportWorkflow(elsewhere, new ExportWorkflow.Resources("arn:plan", "arn:start",
                "arn:status", "arn:register", "arn:summarize", "arn:topic")).toJson()).path("States").path("ExportEachAccount")
                .path("ItemProcessor").path("States").path("ExportEachSource").path("ItemProcessor").path("States");

        assertThat(states.path("NotifyFailure").path("Resource").asText())
                .isEqualTo("arn:" + partition + ":states:::sns:publish");
    }

    @Test
    void run_failsNamingEachFailedSourceInOneShortLine() {
        JsonNode failed = definition.path("States").path("Failed");
        assertThat(failed.path("Type").asText()).isEqualTo("Fail");
        assertThat(failed.path("Error").asText()).isEqualTo(ExportWorkflow.FAILED_ERROR);
        assertThat(failed.path("CausePath").asText()).startsWith("States.Format('{} of {} sources failed: {} (at most 25 named).")
                .contains("run report {}").endsWith("', $.failed, $.total, $.failures, $.report)");
    }

    @Test
    void everyFunctionStep_retriesAwsUnavailableWithBackoff() {
        // Every step is idempotent (a start looks for its own task first), so an unknown outcome is retried.
        for (String step : List.of("StartExport", "CheckExportStatus", "RegisterExport")) {
            JsonNode retries = iteration().path("States").path(step).path("Retry");
            List<String> retried = new ArrayList<>();
            retries.forEach(r -> r.path("ErrorEquals").forEach(e -> retried.add(e.asText())));
            assertThat(retried).as(step).contains(ExportWorkflow.AWS_UNAVAILABLE_ERROR);
        }
    }

    @Test
    void plan_passesTheExecutionStartTime_soARetriedStartKnowsItsOwnTask() {
        assertThat(definition.path("States").path("Plan").path("Parameters").path("executionStartTime.$").asText())
                .isEqualTo("$$.Execution.StartTime");
    }

    @Test
    void sdkCallTimeout_isBelowEveryFunctionTimeout() {
        long call = dev.analysisplatform.export.runtime.SdkDefaults.API_CALL_TIMEOUT.toSeconds();
        assertThat(List.of(ExporterFunctions.START_TIMEOUT_SECONDS, ExporterFunctions.STATUS_TIMEOUT_SECONDS,
                ExporterFunctions.REGISTER_TIMEOUT_SECONDS)).allSatisfy(timeout -> assertThat(timeout).isGreaterThan((int) call * 2));
    }

    @Test
    void staleSnapshot_isWaitedForEvery15MinutesForWaitForSnapshotHoursThenFails() {
        JsonNode stale = null;
        for (JsonNode retry : iteration().path("States").path("StartExport").path("Retry")) {
            if (retry.path("ErrorEquals").get(0).asText().equals(ExportWorkflow.SNAPSHOT_TOO_OLD_ERROR)) {
                stale = retry;
            }
        }
        assertThat(stale).isNotNull();
        assertThat(stale.path("IntervalSeconds").asInt()).isEqualTo(900);
        assertThat(stale.path("BackoffRate").asDouble()).isEqualTo(1.0);
        assertThat(stale.path("MaxAttempts").asInt()).isEqualTo(6 * 4);
        assertThat(ExportWorkflow.configuredSources(TestEnvironments.standard()).get(0).get("maxSnapshotAgeHours"))
                .isEqualTo(26);
    }
}
