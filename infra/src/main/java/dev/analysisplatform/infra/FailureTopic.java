package dev.analysisplatform.infra;

import com.hashicorp.cdktf.providers.aws.sns_topic.SnsTopic;
import com.hashicorp.cdktf.providers.aws.sns_topic_subscription.SnsTopicSubscription;
import dev.analysisplatform.environment.EnvironmentDefinition;
import software.constructs.Construct;

/**
 * The SNS topic every failure is reported to, with the environment's e-mail subscriptions. Created before the
 * state machine, which publishes per-source failures to it; {@link FailureNotifications} adds the execution
 * rule and the alarm. Not KMS-encrypted on purpose: EventBridge and CloudWatch cannot publish to a topic
 * encrypted with the AWS-managed key, and the messages name sources, snapshots and causes, never data.
 */
public final class FailureTopic extends Construct {

    public final SnsTopic topic;

    public FailureTopic(Construct scope, String id, EnvironmentDefinition environment) {
        super(scope, id);
        topic = SnsTopic.Builder.create(this, "topic").name(environment.names().failureTopicName()).build();
        for (int i = 0; i < environment.notificationEmails().size(); i++) {
            SnsTopicSubscription.Builder.create(this, "email-" + i)
                    .topicArn(topic.getArn())
                    .protocol("email")
                    .endpoint(environment.notificationEmails().get(i))
                    .build();
        }
    }
}
