package dev.analysisplatform.infra;

import static dev.analysisplatform.infra.JsonValues.json;

import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetInputTransformer;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.sns_topic_policy.SnsTopicPolicy;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.cdktf.Policy;
import dev.analysisplatform.cdktf.Statement;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * What tells people a run went wrong, besides the state machine's own per-source messages: an EventBridge rule
 * for executions that fail, time out or are aborted, and a CloudWatch alarm on failed executions, both
 * publishing to the {@link FailureTopic}, whose policy admits exactly these two publishers.
 */
public final class FailureNotifications extends Construct {

    static final List<String> ALERTING_STATUSES = List.of("FAILED", "TIMED_OUT", "ABORTED");
    /** One failed execution in a day is worth a page: the alarm fires on the first. */
    static final int ALARM_PERIOD_SECONDS = 300;

    public final CloudwatchEventRule rule;
    public final CloudwatchMetricAlarm alarm;

    public FailureNotifications(Construct scope, String id, EnvironmentDefinition environment, FailureTopic failures,
                                ExportStateMachine machine) {
        super(scope, id);
        String name = environment.names().failureTopicName();
        String topicArn = failures.topic.getArn();
        rule = CloudwatchEventRule.Builder.create(this, "rule")
                .name(name)
                .description("analysis-platform export executions that did not succeed")
                .eventPattern(json(Map.of(
                        "source", List.of("aws.states"),
                        "detail-type", List.of("Step Functions Execution Status Change"),
                        "detail", Map.of(
                                "status", ALERTING_STATUSES,
                                "stateMachineArn", List.of(machine.stateMachine.getArn())))))
                .build();
        CloudwatchEventTarget.Builder.create(this, "target")
                .rule(rule.getName())
                .arn(topicArn)
                .inputTransformer(CloudwatchEventTargetInputTransformer.builder()
                        .inputPaths(Map.of("status", "$.detail.status", "execution", "$.detail.executionArn"))
                        .inputTemplate("\"analysis-platform " + environment.name()
                                + ": export execution <execution> ended <status>. Its output (or the per-source "
                                + "messages on this topic) names each source, snapshot and cause.\"")
                        .build())
                .build();
        alarm = CloudwatchMetricAlarm.Builder.create(this, "alarm")
                .alarmName(name)
                .alarmDescription("analysis-platform " + environment.name() + ": an export execution failed")
                .namespace("AWS/States")
                .metricName("ExecutionsFailed")
                .dimensions(Map.of("StateMachineArn", machine.stateMachine.getArn()))
                .statistic("Sum")
                .period(ALARM_PERIOD_SECONDS)
                .evaluationPeriods(1)
                .threshold(1)
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .treatMissingData("notBreaching")
                .alarmActions(List.of(topicArn))
                .build();
        SnsTopicPolicy.Builder.create(this, "policy")
                .arn(topicArn)
                .policy(Policy.json(this, "policy-document",
                        Statement.allow("EventBridgePublishes")
                                .actions("sns:Publish")
                                .principal("Service", "events.amazonaws.com")
                                .resources(topicArn)
                                .condition("ArnEquals", "aws:SourceArn", rule.getArn()),
                        Statement.allow("CloudWatchAlarmPublishes")
                                .actions("sns:Publish")
                                .principal("Service", "cloudwatch.amazonaws.com")
                                .resources(topicArn)
                                // This alarm and every per-source one (freshness, stale tables): all named <prefix>-…
                                .condition("ArnLike", "aws:SourceArn", environment.names().alarmArnPattern())))
                .build();
    }
}
