package dev.analysisplatform.infra;

import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetInputTransformer;
import com.hashicorp.cdktf.providers.aws.sns_topic.SnsTopic;
import com.hashicorp.cdktf.providers.aws.sns_topic_policy.SnsTopicPolicy;
import com.hashicorp.cdktf.providers.aws.sns_topic_subscription.SnsTopicSubscription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.infra.common.Policy;
import dev.analysisplatform.infra.common.Statement;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * An SNS topic told whenever an export execution fails, times out or is aborted, with e-mail subscriptions
 * from the environment file. The topic is not KMS-encrypted on purpose: EventBridge cannot publish to a topic
 * encrypted with the AWS-managed key, and the messages carry only execution ARNs and states.
 */
public final class FailureNotifications extends Construct {

    static final List<String> ALERTING_STATUSES = List.of("FAILED", "TIMED_OUT", "ABORTED");

    public final SnsTopic topic;
    public final CloudwatchEventRule rule;

    public FailureNotifications(Construct scope, String id, EnvironmentDefinition environment, ExportStateMachine machine) {
        super(scope, id);
        String name = environment.names().prefix() + "-export-failures";
        topic = SnsTopic.Builder.create(this, "topic").name(name).build();
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
                .arn(topic.getArn())
                .inputTransformer(CloudwatchEventTargetInputTransformer.builder()
                        .inputPaths(Map.of("status", "$.detail.status", "execution", "$.detail.executionArn"))
                        .inputTemplate("\"analysis-platform " + environment.name()
                                + ": export execution <execution> ended <status>. Open it in the Step Functions console "
                                + "for the failed source, snapshot and cause.\"")
                        .build())
                .build();
        SnsTopicPolicy.Builder.create(this, "policy")
                .arn(topic.getArn())
                .policy(Policy.json(this, "policy-document", Statement.allow("EventBridgePublishes")
                        .actions("sns:Publish")
                        .principal("Service", "events.amazonaws.com")
                        .resources(topic.getArn())
                        .condition("ArnEquals", "aws:SourceArn", rule.getArn())))
                .build();
        for (int i = 0; i < environment.notificationEmails().size(); i++) {
            SnsTopicSubscription.Builder.create(this, "email-" + i)
                    .topicArn(topic.getArn())
                    .protocol("email")
                    .endpoint(environment.notificationEmails().get(i))
                    .build();
        }
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
