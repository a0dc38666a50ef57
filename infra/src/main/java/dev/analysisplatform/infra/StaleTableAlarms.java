package dev.analysisplatform.infra;

import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import dev.analysisplatform.contract.MetricNames;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.SourceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * One alarm per source on tables that brought no fresh data: the registration step emits {@code TablesSkipped}, the
 * number of tables RDS failed or skipped, listed COMPLETE without data, or whose last export the lifecycle rule
 * deleted, plus tables it could not describe. Any of them in a day is an alarm: their current tables stay on older
 * data (marked stale in the catalog), which the freshness alarm cannot see because the source as a whole is fresh.
 * No value means no registration, which the freshness alarm already covers.
 */
public final class StaleTableAlarms extends Construct {

    public final List<CloudwatchMetricAlarm> alarms = new ArrayList<>();

    public StaleTableAlarms(Construct scope, String id, EnvironmentDefinition environment, FailureTopic failures) {
        super(scope, id);
        for (SourceDefinition source : environment.sources()) {
            alarms.add(CloudwatchMetricAlarm.Builder.create(this, "stale-tables-" + source.name())
                    .alarmName(environment.names().staleTablesAlarmName(source.name()))
                    .alarmDescription("analysis-platform " + environment.name() + ": tables of source '" + source.name()
                            + "' brought no fresh data in the last day (the run's notification and the register "
                            + "function's log name them; their Glue tables carry analysis_platform.stale_since)")
                    .namespace(MetricNames.NAMESPACE)
                    .metricName(MetricNames.TABLES_SKIPPED)
                    .dimensions(Map.of(MetricNames.SOURCE, source.name()))
                    .statistic("Maximum")
                    .period(FreshnessAlarms.PERIOD_SECONDS)
                    .evaluationPeriods(1)
                    .threshold(0)
                    .comparisonOperator("GreaterThanThreshold")
                    .treatMissingData("notBreaching")
                    .alarmActions(List.of(failures.topic.getArn()))
                    .build());
        }
    }
}
