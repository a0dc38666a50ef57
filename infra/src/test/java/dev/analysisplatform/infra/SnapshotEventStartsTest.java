package dev.analysisplatform.infra;

import static dev.analysisplatform.infra.SynthesizedStack.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.Testing;
import dev.analysisplatform.environment.EnvironmentDefinition;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * startOn "snapshot" in the analytics account: a bus only the configured accounts' forwarder roles may send to, and
 * per source and announced snapshot type one rule that starts the state machine for that source alone.
 */
class SnapshotEventStartsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SynthesizedStack stack;

    @BeforeAll
    static void synth() {
        stack = SynthesizedStack.standardAnalytics();
    }

    @Test
    void theBusAdmitsOnlyTheConfiguredAccountsForwarderRoles() {
        assertThat(stack.onlyResource("aws_cloudwatch_event_bus").path("name").asText()).isEqualTo("ap-test-snapshot-events");
        JsonNode admit = stack.statement("ConfiguredSourceAccountsForward");
        assertThat(texts(admit.path("actions"))).containsExactly("events:PutEvents");
        assertThat(texts(admit.path("principals").get(0).path("identifiers"))).containsExactly(
                "arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root");
        JsonNode condition = admit.path("condition").get(0);
        assertThat(condition.path("test").asText()).isEqualTo("ArnLike");
        assertThat(condition.path("variable").asText()).isEqualTo("aws:PrincipalArn");
        assertThat(texts(condition.path("values"))).containsExactly(
                "arn:aws:iam::*:role/ap-test-snapshot-event-forwarder");
    }

    @Test
    void eachSourceAndAnnouncedTypeHasARuleOnTheBus_forItsAccountAndDatabase() throws Exception {
        List<JsonNode> rules = stack.resourcesIn("aws_cloudwatch_event_rule", "snapshot-events");
        assertThat(rules).extracting(r -> r.path("name").asText())
                .containsExactlyInAnyOrder("ap-test-auto-orders", "ap-test-auto-billing", "ap-test-manual-billing");
        assertThat(rules).allSatisfy(r -> assertThat(r.path("event_bus_name").asText()).contains("aws_cloudwatch_event_bus."));
        JsonNode orders = JSON.readTree(rules.stream().filter(r -> r.path("name").asText().equals("ap-test-auto-orders"))
                .findFirst().orElseThrow().path("event_pattern").asText());
        assertThat(orders.toString()).isEqualTo("{\"account\":[\"222222222222\"],\"region\":[\"eu-west-1\"],\"source\":[\"aws.rds\"],"
                + "\"detail-type\":[\"RDS DB Cluster Snapshot Event\"],\"detail\":{\"EventID\":[\"RDS-EVENT-0169\"],"
                + "\"SourceIdentifier\":[{\"prefix\":\"rds:orders-aurora-\"}]}}");
        JsonNode manual = JSON.readTree(rules.stream().filter(r -> r.path("name").asText().equals("ap-test-manual-billing"))
                .findFirst().orElseThrow().path("event_pattern").asText());
        assertThat(manual.path("detail").path("EventID").get(0).asText()).isEqualTo("RDS-EVENT-0042");
        assertThat(manual.path("detail").has("SourceIdentifier")).as("a manual snapshot's name says nothing").isFalse();
    }

    @Test
    void aRuleStartsTheStateMachineForItsSourceAlone_withARoleThatMayStartOnlyIt() throws Exception {
        List<JsonNode> targets = stack.resourcesIn("aws_cloudwatch_event_target", "snapshot-events");
        assertThat(targets).hasSize(3).allSatisfy(t -> {
            assertThat(t.path("arn").asText()).contains("aws_sfn_state_machine.");
            assertThat(t.path("role_arn").asText()).contains("aws_iam_role.snapshot-events_role");
        });
        JsonNode billing = targets.stream().filter(t -> t.path("input_transformer").path("input_template").asText()
                .contains("billing")).findFirst().orElseThrow();
        String rendered = billing.path("input_transformer").path("input_template").asText()
                .replace("<event>", "RDS-EVENT-0091").replace("<snapshot>", "rds:billing-postgres-2026-12-05-03-10");
        JsonNode input = JSON.readTree(rendered);
        assertThat(texts(input.path("sources"))).containsExactly("billing");
        assertThat(input.path("Comment").asText()).isEqualTo("started by RDS-EVENT-0091 for snapshot rds:billing-postgres-2026-12-05-03-10");
        JsonNode start = stack.statement("StartExportForSnapshotEvents");
        assertThat(texts(start.path("actions"))).containsExactly("states:StartExecution");
        assertThat(texts(start.path("resources"))).singleElement().asString().contains("aws_sfn_state_machine.");
    }

    @Test
    void startOn_decidesWhichStartsAreDeployed() {
        EnvironmentDefinition standard = TestEnvironments.standard();
        SynthesizedStack scheduleOnly = SynthesizedStack.of(new AnalyticsStack(Testing.app(), "s",
                TestEnvironments.startingOn(standard, "schedule"), TestEnvironments.artifacts()));
        assertThat(scheduleOnly.resources("aws_cloudwatch_event_bus")).isEmpty();
        assertThat(scheduleOnly.resources("aws_scheduler_schedule")).hasSize(1);
        SynthesizedStack eventsOnly = SynthesizedStack.of(new AnalyticsStack(Testing.app(), "e",
                TestEnvironments.startingOn(standard, "snapshot"), TestEnvironments.artifacts()));
        assertThat(eventsOnly.resources("aws_scheduler_schedule")).isEmpty();
        assertThat(eventsOnly.resources("aws_cloudwatch_event_bus")).hasSize(1);
    }
}
