package dev.analysisplatform.infra;

import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.SourceDefinition;
import dev.analysisplatform.contract.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * One alarm per source on the freshness of its data: the registration step emits {@code DataAgeHours} (the age of
 * the snapshot behind the registered export) every day for every source that reaches it. The alarm goes off when
 * that age exceeds what the run itself would tolerate ({@code maxSnapshotAgeHours} plus {@code waitForSnapshotHours})
 * or when no value arrives for a day (missing data is breaching: a source that failed or was never registered is
 * not fresh). It notifies the failure topic.
 */
public final class FreshnessAlarms extends Construct {

    /** A day: the schedule runs daily, so each source reports once per period. */
    static final int PERIOD_SECONDS = 86_400;

    public final List<CloudwatchMetricAlarm> alarms = new ArrayList<>();

    public FreshnessAlarms(Construct scope, String id, EnvironmentDefinition environment, FailureTopic failures) {
        super(scope, id);
        for (SourceDefinition source : environment.sources()) {
            alarms.add(CloudwatchMetricAlarm.Builder.create(this, "freshness-" + source.name())
                    .alarmName(environment.names().freshnessAlarmName(source.name()))
                    .alarmDescription("analysis-platform " + environment.name() + ": the data of source '"
                            + source.name() + "' is older than " + threshold(environment, source)
                            + " hours, or no export of it was registered in the last day")
                    .namespace(MetricNames.NAMESPACE)
                    .metricName(MetricNames.DATA_AGE_HOURS)
                    .dimensions(Map.of(MetricNames.SOURCE, source.name()))
                    .statistic("Maximum")
                    .period(PERIOD_SECONDS)
                    .evaluationPeriods(1)
                    .threshold(threshold(environment, source))
                    .comparisonOperator("GreaterThanThreshold")
                    .treatMissingData("breaching")
                    .alarmActions(List.of(failures.topic.getArn()))
                    .build());
        }
    }

    /** The oldest data a run still accepts: the source's maximum snapshot age plus how long a run waits for a newer one. */
    static int threshold(EnvironmentDefinition environment, SourceDefinition source) {
        return source.maxSnapshotAgeHours() + environment.waitForSnapshotHours();
    }
}
