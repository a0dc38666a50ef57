package dev.analysisplatform.infra;

import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.cdktf.AwsAccountStack;
import dev.analysisplatform.cdktf.ProjectPaths;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/** Everything in the analytics account, for one environment: {@code npx cdktf deploy <env>}. */
public final class AnalyticsStack extends AwsAccountStack {

    public static final String STATE_KEY = "analysis-platform/analytics.tfstate";

    public final ExportKey key;
    public final ExportBucket bucket;
    /** Every region's export bucket and key, the analytics region's ({@link #key}, {@link #bucket}) first. */
    public final List<ExportRegion> exportRegions;
    public final ExporterFunctions functions;
    public final RunConfiguration runConfiguration;
    public final ExportStateMachine stateMachine;
    /** Null when {@code startOn} leaves the schedule out. */
    public final DailySchedule schedule;
    /** Null when {@code startOn} leaves snapshot events out. */
    public final SnapshotEventStarts snapshotEvents;
    public final FailureTopic failures;
    public final FailureNotifications notifications;
    public final ExportCatalog catalog;
    public final QueryWorkgroup queries;
    public final AnalystPolicy analysts;
    public final AccessLogs accessLogs;
    public final FreshnessAlarms freshness;
    public final StaleTableAlarms staleTables;
    public final ExportDashboard dashboard;

    public AnalyticsStack(Construct scope, String id, EnvironmentDefinition environment,
                          ProjectPaths.FunctionArtifacts artifacts) {
        super(scope, id, environment, environment.analyticsAccountId(), STATE_KEY);
        key = new ExportKey(this, "export-key", environment, environment.region(), null);
        bucket = new ExportBucket(this, "export-bucket", environment, environment.region(), key, null);
        exportRegions = exportRegions(environment);
        catalog = new ExportCatalog(this, "export-catalog", environment);
        queries = new QueryWorkgroup(this, "query-workgroup", environment, key);
        analysts = new AnalystPolicy(this, "analyst", environment, exportRegions, queries);
        accessLogs = new AccessLogs(this, "access-logs", environment, environment.region(),
                List.of(bucket.bucket, queries.results), null);
        functions = new ExporterFunctions(this, "exporter", environment, exportRegions, artifacts);
        failures = new FailureTopic(this, "failure-topic", environment);
        runConfiguration = new RunConfiguration(this, "run-configuration", environment, bucket, key);
        stateMachine = new ExportStateMachine(this, "export-state-machine", environment, functions, failures, key);
        schedule = environment.startsOnSchedule() ? new DailySchedule(this, "daily-schedule", environment, stateMachine) : null;
        snapshotEvents = environment.startsOnSnapshot()
                ? new SnapshotEventStarts(this, "snapshot-events", environment, stateMachine) : null;
        freshness = new FreshnessAlarms(this, "freshness-alarms", environment, failures);
        staleTables = new StaleTableAlarms(this, "stale-table-alarms", environment, failures);
        List<CloudwatchMetricAlarm> sourceAlarms = new ArrayList<>(freshness.alarms);
        sourceAlarms.addAll(staleTables.alarms);
        notifications = new FailureNotifications(this, "failure-notifications", environment, failures, stateMachine);
        List<CloudwatchMetricAlarm> alarms = new ArrayList<>(List.of(notifications.alarm));
        alarms.addAll(sourceAlarms);
        dashboard = new ExportDashboard(this, "dashboard", environment, stateMachine, alarms);

        output("export_bucket", bucket.bucket.getBucket());
        output("export_kms_key_arn", key.key.getArn());
        // Every region's bucket, for the export of a source in another region than the analytics one.
        TerraformOutput.Builder.create(this, "export_buckets_by_region").value(exportRegions.stream()
                .collect(java.util.stream.Collectors.toMap(ExportRegion::region, r -> r.bucket().bucket.getBucket(),
                        (a, b) -> a, java.util.LinkedHashMap::new))).build();
        output("state_machine_arn", stateMachine.stateMachine.getArn());
        output("exporter_role_arn", functions.exporterRole.getArn());
        output("plan_function_name", functions.plan.getFunctionName());
        output("start_function_name", functions.start.getFunctionName());
        output("status_function_name", functions.status.getFunctionName());
        output("register_function_name", functions.register.getFunctionName());
        output("summarize_function_name", functions.summarize.getFunctionName());
        output("failure_topic_arn", failures.topic.getArn());
        output("glue_database", catalog.database.getName());
        output("athena_workgroup", queries.workgroup.getName());
        output("analyst_policy_arn", analysts.policy.getArn());
        output("dashboard_name", dashboard.dashboard.getDashboardName());
    }

    /**
     * The analytics region's bucket and key, then one of each (and their access-log bucket) per other source region,
     * under {@code region-<name>}: the analytics region's resources keep the addresses they always had.
     */
    private List<ExportRegion> exportRegions(EnvironmentDefinition environment) {
        List<ExportRegion> regions = new ArrayList<>(List.of(new ExportRegion(environment.region(), key, bucket)));
        for (String region : environment.exportRegions().subList(1, environment.exportRegions().size())) {
            Construct scope = new Construct(this, "region-" + region);
            var provider = providerFor(region);
            ExportKey regionalKey = new ExportKey(scope, "export-key", environment, region, provider);
            ExportBucket regionalBucket = new ExportBucket(scope, "export-bucket", environment, region, regionalKey, provider);
            new AccessLogs(scope, "access-logs", environment, region, List.of(regionalBucket.bucket), provider);
            regions.add(new ExportRegion(region, regionalKey, regionalBucket));
        }
        return List.copyOf(regions);
    }

    private void output(String name, String value) {
        TerraformOutput.Builder.create(this, name).value(value).build();
    }
}
