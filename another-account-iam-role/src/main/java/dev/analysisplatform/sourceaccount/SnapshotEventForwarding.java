package dev.analysisplatform.sourceaccount;

import com.hashicorp.cdktf.TerraformProvider;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetRetryPolicy;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import dev.analysisplatform.cdktf.Policy;
import dev.analysisplatform.cdktf.SnapshotEvents;
import dev.analysisplatform.cdktf.Statement;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.SourceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.constructs.Construct;

/**
 * {@code startOn: ["snapshot"]}, in a source account: rules on the account's default event bus that forward this
 * account's sources' snapshot-created events (and only those) to the analytics account's snapshot event bus, sent by a
 * role that may put events on that bus and nothing else (EventBridge's cross-account event bus targets take an
 * execution role; the analytics bus admits exactly these roles).
 */
public final class SnapshotEventForwarding extends Construct {

    public final IamRole role;
    public final List<CloudwatchEventRule> rules = new ArrayList<>();

    /** @param providers the provider for a region (null: the stack's default), as each rule is in its source's region */
    public SnapshotEventForwarding(Construct scope, String id, EnvironmentDefinition environment, String accountId,
                                   Function<String, TerraformProvider> providers) {
        super(scope, id);
        PlatformNames names = environment.names();
        role = Policy.serviceRole(this, "role", names.snapshotForwarderRoleName(), "events.amazonaws.com", accountId);
        Policy.inline(this, "put-events", role.getId(), "forward-snapshot-events",
                Statement.allow("ForwardToTheAnalyticsBus")
                        .actions("events:PutEvents")
                        .resources(names.snapshotEventBusArn()));
        for (SourceDefinition source : environment.sourcesIn(accountId)) {
            // RDS publishes a snapshot's events in its region; EventBridge delivers to a bus in another region (the
            // analytics one) as to a bus in another account.
            TerraformProvider provider = providers.apply(environment.regionOf(source));
            for (String type : SnapshotEvents.announcedTypes(source)) {
                String name = names.snapshotRuleName(source.name(), type);
                CloudwatchEventRule rule = CloudwatchEventRule.Builder.create(this, "rule-" + name)
                        .provider(provider)
                        .name(name)
                        .description("Forwards new " + type + " snapshots of analysis-platform source " + source.name()
                                + " to the analytics account")
                        .eventPattern(SnapshotEvents.patternJson(source, type, null, null))
                        .build();
                CloudwatchEventTarget.Builder.create(this, "target-" + name)
                        .provider(provider)
                        .rule(rule.getName())
                        .arn(names.snapshotEventBusArn())
                        .roleArn(role.getArn())
                        .retryPolicy(CloudwatchEventTargetRetryPolicy.builder()
                                .maximumEventAgeInSeconds(3600).maximumRetryAttempts(10).build())
                        .build();
                rules.add(rule);
            }
        }
    }
}
