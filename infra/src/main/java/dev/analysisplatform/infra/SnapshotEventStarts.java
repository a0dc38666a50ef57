package dev.analysisplatform.infra;

import com.hashicorp.cdktf.providers.aws.cloudwatch_event_bus.CloudwatchEventBus;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_bus_policy.CloudwatchEventBusPolicy;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetInputTransformer;
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
import java.util.Map;
import software.constructs.Construct;

/**
 * {@code startOn: ["snapshot"]}: a run for a source as soon as RDS reports its new snapshot. The source accounts
 * forward their snapshot events to an event bus here (another-account-iam-role's SnapshotEventForwarding); the bus
 * takes events only from the configured accounts' forwarder roles, and per source and announced snapshot type a rule
 * starts the state machine for that source alone. The run is an ordinary run (exactly once, deadline, registration,
 * notification): a snapshot it exports is already exported when the schedule comes, and a lost event is the
 * schedule's to catch.
 */
public final class SnapshotEventStarts extends Construct {

    /** A run started for an event: the source alone; the Comment says which event (the execution input shows it). */
    static String input(SourceDefinition source) {
        return "{\"sources\": [\"" + source.name() + "\"], \"Comment\": \"started by <event> for snapshot <snapshot>\"}";
    }

    /** EventBridge retries a failed StartExecution (throttling) for this long, then drops the event to the schedule. */
    static final int MAXIMUM_EVENT_AGE_SECONDS = 3600;

    /**
     * Account principals and the role by name: either side deploys first (no principal that does not exist yet), and
     * only the forwarder roles of the configured accounts may send. The role by one ArnLike pattern, not one ARN per
     * account: EventBridge caps a bus policy at 10,240 characters (quotas, adjustable), so the policy grows by an
     * account id per account.
     */
    static Statement busStatement(EnvironmentDefinition environment, String busArn) {
        PlatformNames names = environment.names();
        return Statement.allow("ConfiguredSourceAccountsForward")
                .actions("events:PutEvents")
                .principal("AWS", environment.sourceAccountIds().stream().map(names::accountRootArn).toList())
                .resources(busArn)
                .condition("ArnLike", "aws:PrincipalArn", names.roleArn("*", names.snapshotForwarderRoleName()));
    }

    public final CloudwatchEventBus bus;
    public final IamRole role;
    public final List<CloudwatchEventRule> rules = new ArrayList<>();

    public SnapshotEventStarts(Construct scope, String id, EnvironmentDefinition environment, ExportStateMachine machine) {
        super(scope, id);
        PlatformNames names = environment.names();
        bus = CloudwatchEventBus.Builder.create(this, "bus").name(names.snapshotEventBusName()).build();
        CloudwatchEventBusPolicy.Builder.create(this, "policy")
                .eventBusName(bus.getName())
                .policy(Policy.json(this, "policy-document", busStatement(environment, bus.getArn())))
                .build();
        role = Policy.serviceRole(this, "role", names.snapshotStarterRoleName(), "events.amazonaws.com",
                environment.analyticsAccountId());
        Policy.inline(this, "start-execution", role.getId(), "start-export-state-machine",
                Statement.allow("StartExportForSnapshotEvents")
                        .actions("states:StartExecution")
                        .resources(machine.stateMachine.getArn()));
        for (SourceDefinition source : environment.sources()) {
            for (String type : SnapshotEvents.announcedTypes(source)) {
                String name = names.snapshotRuleName(source.name(), type);
                CloudwatchEventRule rule = CloudwatchEventRule.Builder.create(this, "rule-" + name)
                        .name(name)
                        .eventBusName(bus.getName())
                        .description("A new " + type + " snapshot of source " + source.name() + " starts its export")
                        .eventPattern(SnapshotEvents.patternJson(source, type, source.accountId(),
                                environment.regionOf(source)))
                        .build();
                CloudwatchEventTarget.Builder.create(this, "target-" + name)
                        .rule(rule.getName())
                        .eventBusName(bus.getName())
                        .arn(machine.stateMachine.getArn())
                        .roleArn(role.getArn())
                        .inputTransformer(CloudwatchEventTargetInputTransformer.builder()
                                .inputPaths(Map.of("event", "$.detail.EventID", "snapshot", "$.detail.SourceIdentifier"))
                                .inputTemplate(input(source))
                                .build())
                        .retryPolicy(CloudwatchEventTargetRetryPolicy.builder()
                                .maximumEventAgeInSeconds(MAXIMUM_EVENT_AGE_SECONDS).maximumRetryAttempts(10).build())
                        .build();
                rules.add(rule);
            }
        }
    }
}
