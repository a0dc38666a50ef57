package dev.analysisplatform.infra;

import static dev.analysisplatform.infra.JsonValues.json;
import static dev.analysisplatform.infra.JsonValues.map;

import com.hashicorp.cdktf.providers.aws.cloudwatch_dashboard.CloudwatchDashboard;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import dev.analysisplatform.contract.MetricNames;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.SourceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * The CloudWatch dashboard {@code <prefix>-exports}, what to look at every morning: one row per source (data age,
 * export duration, GB extracted and estimated cost, tables registered and skipped, failed steps; daily values over
 * 30 days), the state machine's executions, and every alarm of the stack.
 */
public final class ExportDashboard extends Construct {

    static final String RANGE = "-P30D";
    static final int DAY = 86_400;

    public final CloudwatchDashboard dashboard;

    public ExportDashboard(Construct scope, String id, EnvironmentDefinition environment, ExportStateMachine machine,
                           List<CloudwatchMetricAlarm> alarms) {
        super(scope, id);
        List<Map<String, Object>> widgets = new ArrayList<>();
        int y = 0;
        widgets.add(widget("metric", 0, y, 16, 6, map(
                "title", "Daily runs",
                "region", environment.region(),
                "view", "timeSeries",
                "stat", "Sum",
                "period", DAY,
                "metrics", List.of(
                        List.of("AWS/States", "ExecutionsSucceeded", "StateMachineArn", machine.stateMachine.getArn()),
                        List.of("AWS/States", "ExecutionsFailed", "StateMachineArn", machine.stateMachine.getArn()),
                        List.of("AWS/States", "ExecutionsTimedOut", "StateMachineArn", machine.stateMachine.getArn())))));
        widgets.add(widget("alarm", 16, y, 8, 6, map(
                "title", "Alarms",
                "alarms", alarms.stream().map(CloudwatchMetricAlarm::getArn).toList())));
        y += 6;
        for (SourceDefinition source : environment.sources()) {
            String name = source.name();
            widgets.add(metric(environment, "Freshness of " + name + " (hours)", 0, y, name, "Maximum", false,
                    MetricNames.DATA_AGE_HOURS, MetricNames.SNAPSHOT_AGE_HOURS));
            widgets.add(metric(environment, name + ": export duration (s)", 6, y, name, "Maximum", false,
                    MetricNames.EXPORT_DURATION_SECONDS));
            widgets.add(metric(environment, name + ": GB extracted, cost (USD)", 12, y, name, "Sum", false,
                    MetricNames.GIGABYTES_EXTRACTED, MetricNames.ESTIMATED_EXPORT_COST_USD));
            widgets.add(metric(environment, name + ": tables, failed steps", 18, y, name, "Maximum", true,
                    MetricNames.TABLES_REGISTERED, MetricNames.TABLES_SKIPPED));
            y += 6;
        }
        dashboard = CloudwatchDashboard.Builder.create(this, "dashboard")
                .dashboardName(environment.names().dashboardName())
                .dashboardBody(json(map("start", RANGE, "periodOverride", "inherit", "widgets", widgets)))
                .build();
    }

    private static Map<String, Object> metric(EnvironmentDefinition environment, String title, int x, int y,
                                              String source, String stat, boolean withFailures, String... metrics) {
        List<List<Object>> lines = new ArrayList<>();
        for (String metric : metrics) {
            lines.add(List.of(MetricNames.NAMESPACE, metric, MetricNames.SOURCE, source));
        }
        if (withFailures) {
            // Failures carry the step as a second dimension: search them all for this source.
            lines.add(List.of(map("expression", "SUM(SEARCH('{" + MetricNames.NAMESPACE + "," + MetricNames.SOURCE
                    + "," + MetricNames.STEP + "} " + MetricNames.SOURCE + "=\"" + source + "\" MetricName=\""
                    + MetricNames.STEP_FAILURES + "\"', 'Sum', " + DAY + "))", "label", "failed steps",
                    "id", "failures")));
        }
        return widget("metric", x, y, 6, 6, map("title", title, "region", environment.region(), "view", "timeSeries",
                "stat", stat, "period", DAY, "metrics", lines));
    }

    private static Map<String, Object> widget(String type, int x, int y, int width, int height,
                                              Map<String, Object> properties) {
        return map("type", type, "x", x, "y", y, "width", width, "height", height, "properties", properties);
    }
}
