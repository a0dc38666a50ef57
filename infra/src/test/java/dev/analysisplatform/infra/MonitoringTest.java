package dev.analysisplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What to look at every morning, as synthesized: a freshness alarm per source that notifies the failure topic, and
 * the dashboard with a row per source, the executions and the alarms.
 */
class MonitoringTest {

    private static SynthesizedStack stack;

    @BeforeAll
    static void synth() {
        stack = SynthesizedStack.standardAnalytics();
    }

    private static List<JsonNode> freshnessAlarms() {
        List<JsonNode> alarms = new ArrayList<>();
        for (JsonNode alarm : stack.resources("aws_cloudwatch_metric_alarm")) {
            if (alarm.path("metric_name").asText().equals("DataAgeHours")) {
                alarms.add(alarm);
            }
        }
        return alarms;
    }

    @Test
    void everySourceHasAFreshnessAlarmOnItsDataAgeThatNotifiesTheFailureTopic() {
        List<JsonNode> alarms = freshnessAlarms();
        assertThat(alarms).extracting(a -> a.path("dimensions").path("Source").asText())
                .containsExactlyInAnyOrder("orders", "billing");
        for (JsonNode alarm : alarms) {
            assertThat(alarm.path("alarm_name").asText()).startsWith("ap-test-freshness-");
            assertThat(alarm.path("namespace").asText()).isEqualTo("AnalysisPlatform");
            assertThat(alarm.path("threshold").asInt()).as("maxSnapshotAgeHours 26 + waitForSnapshotHours 6").isEqualTo(32);
            assertThat(alarm.path("treat_missing_data").asText()).isEqualTo("breaching");
            assertThat(alarm.path("alarm_actions").toString()).contains("aws_sns_topic.");
        }
        assertThat(stack.statement("CloudWatchAlarmPublishes").toString())
                .as("the topic accepts every alarm of the environment, by name prefix").contains(":alarm:ap-test-*")
                .contains("ArnLike");
        assertThat(alarms).allSatisfy(a -> assertThat(a.path("alarm_name").asText()).startsWith("ap-test-"));
    }

    @Test
    void everySourceHasAnAlarmOnTablesWithoutFreshData_thatNotifiesTheFailureTopic() {
        List<JsonNode> alarms = new ArrayList<>();
        for (JsonNode alarm : stack.resources("aws_cloudwatch_metric_alarm")) {
            if (alarm.path("metric_name").asText().equals("TablesSkipped")) {
                alarms.add(alarm);
            }
        }
        assertThat(alarms).extracting(a -> a.path("dimensions").path("Source").asText())
                .containsExactlyInAnyOrder("orders", "billing");
        for (JsonNode alarm : alarms) {
            assertThat(alarm.path("alarm_name").asText()).startsWith("ap-test-stale-tables-");
            assertThat(alarm.path("threshold").asInt()).isZero();
            assertThat(alarm.path("comparison_operator").asText()).isEqualTo("GreaterThanThreshold");
            assertThat(alarm.path("treat_missing_data").asText()).as("no registration is the freshness alarm's")
                    .isEqualTo("notBreaching");
            assertThat(alarm.path("alarm_actions").toString()).contains("aws_sns_topic.");
        }
        assertThat(stack.statement("CloudWatchAlarmPublishes").toString()).contains(":alarm:ap-test-*");
    }

    /**
     * CloudWatch's evaluation of one period for a GreaterThanThreshold alarm with missing data treated as breaching
     * ("Configuring how CloudWatch alarms treat missing data"): the datapoints are the DataAgeHours values the
     * registration step emits (CatalogRegistrationIntegrationTest checks the real emission).
     */
    @ParameterizedTest
    @CsvSource({"40,ALARM", "33,ALARM", "32,OK", "5,OK", ",ALARM"})
    void theFreshnessAlarmFiresForAStaleOrMissingSource(String dataAgeHours, String expected) {
        JsonNode alarm = freshnessAlarms().get(0);
        String state;
        if (dataAgeHours == null) {
            state = alarm.path("treat_missing_data").asText().equals("breaching") ? "ALARM" : "OK";
        } else {
            assertThat(alarm.path("comparison_operator").asText()).isEqualTo("GreaterThanThreshold");
            state = Double.parseDouble(dataAgeHours) > alarm.path("threshold").asDouble() ? "ALARM" : "OK";
        }
        assertThat(state).isEqualTo(expected);
    }

    @Test
    void theDashboardShowsEverySourceTheExecutionsAndTheAlarms() throws Exception {
        JsonNode dashboard = stack.onlyResource("aws_cloudwatch_dashboard");
        assertThat(dashboard.path("dashboard_name").asText()).isEqualTo("ap-test-exports");
        JsonNode body = new ObjectMapper().readTree(dashboard.path("dashboard_body").asText());
        assertThat(body.path("start").asText()).isEqualTo("-P30D");
        String widgets = body.path("widgets").toString();
        for (String source : List.of("orders", "billing")) {
            assertThat(widgets).contains("Freshness of " + source).contains(source + ": export duration")
                    .contains(source + ": GB extracted, cost (USD)").contains(source + ": tables, failed steps");
        }
        assertThat(widgets).contains("ExecutionsFailed").contains("ExecutionsSucceeded").contains("StepFailures")
                .contains("EstimatedExportCostUsd");
        JsonNode alarmWidget = null;
        for (JsonNode widget : body.path("widgets")) {
            if (widget.path("type").asText().equals("alarm")) {
                alarmWidget = widget;
            }
        }
        assertThat(alarmWidget).isNotNull();
        assertThat(alarmWidget.path("properties").path("alarms")).hasSize(5);
    }
}
