package dev.analysisplatform.sourceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.Testing;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.infra.AnalyticsStack;
import dev.analysisplatform.infra.SynthesizedStack;
import dev.analysisplatform.infra.TestEnvironments;
import dev.analysisplatform.testing.ProjectTools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The snapshot-event chain's rules, as synthesized by both apps, put to a real EventBridge engine (moto's pattern
 * matching and input transformation, tools/event_rules.py) with events shaped as RDS sends them: a source account
 * forwards exactly its configured databases' snapshot-created events of the configured types, and the analytics bus
 * starts a run of exactly that source, for events of the configured accounts only.
 *
 * <p>Standard test environment: orders (Aurora cluster orders-aurora, automated snapshots) in 222222222222, billing
 * (instance billing-postgres, automated and manual) in 333333333333.
 */
class SnapshotEventRulesIntegrationTest {

    private static final EnvironmentDefinition ENVIRONMENT = TestEnvironments.standard();
    private static final List<ObjectNode> ANALYTICS_RULES = new ArrayList<>();
    private static final Map<String, List<ObjectNode>> SOURCE_RULES = new LinkedHashMap<>();

    @BeforeAll
    static void synth() {
        ANALYTICS_RULES.addAll(rules(SynthesizedStack.of(new AnalyticsStack(Testing.app(), "analytics", ENVIRONMENT,
                TestEnvironments.artifacts()))));
        for (String account : ENVIRONMENT.sourceAccountIds()) {
            SOURCE_RULES.put(account, rules(SynthesizedStack.of(new SourceAccountStack(Testing.app(), "source",
                    ENVIRONMENT, account))));
        }
    }

    @Test
    void anAutomatedSnapshotOfAConfiguredClusterStartsARunOfThatSourceAlone() throws Exception {
        ObjectNode event = rdsEvent("222222222222", true, "RDS-EVENT-0169", "rds:orders-aurora-2026-12-05-03-10");

        assertThat(matched(SOURCE_RULES.get("222222222222"), event)).extracting(m -> m.path("rule").asText())
                .containsExactly("ap-test-auto-orders");
        List<JsonNode> started = matched(ANALYTICS_RULES, event);
        assertThat(started).extracting(m -> m.path("rule").asText()).containsExactly("ap-test-auto-orders");
        JsonNode input = started.get(0).path("input");
        assertThat(input.path("sources").toString()).isEqualTo("[\"orders\"]");
        assertThat(input.path("Comment").asText())
                .isEqualTo("started by RDS-EVENT-0169 for snapshot rds:orders-aurora-2026-12-05-03-10");
    }

    @Test
    void aManualSnapshotStartsARunOnlyForASourceThatExportsManualSnapshots() throws Exception {
        ObjectNode billing = rdsEvent("333333333333", false, "RDS-EVENT-0042", "before-migration");
        assertThat(matched(SOURCE_RULES.get("333333333333"), billing)).hasSize(1);
        assertThat(matched(ANALYTICS_RULES, billing)).extracting(m -> m.path("input").path("sources").get(0).asText())
                .containsExactly("billing");

        ObjectNode orders = rdsEvent("222222222222", true, "RDS-EVENT-0075", "before-migration");
        assertThat(matched(SOURCE_RULES.get("222222222222"), orders)).as("orders exports automated snapshots only").isEmpty();
        assertThat(matched(ANALYTICS_RULES, orders)).isEmpty();
    }

    @Test
    void eventsOfOtherDatabasesOtherStagesAndOtherAccountsStartNothing() throws Exception {
        List<ObjectNode> nothing = List.of(
                rdsEvent("222222222222", true, "RDS-EVENT-0169", "rds:inventory-2026-12-05-03-10"), // another database
                rdsEvent("222222222222", true, "RDS-EVENT-0168", "rds:orders-aurora-2026-12-05-03-10"), // still creating
                rdsEvent("222222222222", false, "RDS-EVENT-0091", "rds:orders-aurora-2026-12-05-03-10"), // not a cluster
                rdsEvent("333333333333", false, "RDS-EVENT-0091", "rds:billing-2026-12-05-03-10")); // prefix of another name
        for (ObjectNode event : nothing) {
            String account = event.path("account").asText();
            assertThat(matched(SOURCE_RULES.get(account), event)).as(event.path("detail").toString()).isEmpty();
            assertThat(matched(ANALYTICS_RULES, event)).as(event.path("detail").toString()).isEmpty();
        }
        // The analytics bus admits only configured accounts (its policy) and its rules name the account too.
        assertThat(matched(ANALYTICS_RULES, rdsEvent("444444444444", true, "RDS-EVENT-0169",
                "rds:orders-aurora-2026-12-05-03-10"))).isEmpty();
        assertThat(matched(ANALYTICS_RULES, rdsEvent("333333333333", true, "RDS-EVENT-0169",
                "rds:orders-aurora-2026-12-05-03-10"))).as("orders' database, but in billing's account").isEmpty();
    }

    /** An event as RDS sends it to EventBridge (source aws.rds, the RDS event in detail). */
    static ObjectNode rdsEvent(String account, boolean cluster, String eventId, String snapshot) throws Exception {
        String arn = "arn:aws:rds:eu-west-1:" + account + (cluster ? ":cluster-snapshot:" : ":snapshot:") + snapshot;
        return (ObjectNode) IamPolicies.MAPPER.readTree("""
                {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
                 "detail-type": "%s", "source": "aws.rds", "account": "%s", "time": "2026-12-05T03:10:00Z",
                 "region": "eu-west-1", "resources": ["%s"],
                 "detail": {"EventCategories": ["backup"], "SourceType": "%s", "SourceArn": "%s",
                            "Date": "2026-12-05T03:10:00.000Z", "Message": "snapshot created",
                            "SourceIdentifier": "%s", "EventID": "%s"}}""".formatted(
                cluster ? "RDS DB Cluster Snapshot Event" : "RDS DB Snapshot Event", account, arn,
                cluster ? "CLUSTER_SNAPSHOT" : "SNAPSHOT", arn, snapshot, eventId));
    }

    /** Each rule of a synthesized stack with its pattern and, where its target transforms the input, the template. */
    private static List<ObjectNode> rules(SynthesizedStack stack) {
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        stack.root.path("resource").path("aws_cloudwatch_event_rule").fields().forEachRemaining(rule -> {
            ObjectNode spec = IamPolicies.MAPPER.createObjectNode().put("name", rule.getValue().path("name").asText())
                    .put("pattern", rule.getValue().path("event_pattern").asText());
            byId.put(rule.getKey(), spec);
        });
        stack.root.path("resource").path("aws_cloudwatch_event_target").forEach(target -> {
            String id = target.path("rule").asText().replaceAll("^\\$\\{aws_cloudwatch_event_rule\\.([^.]+)\\.name}$", "$1");
            JsonNode transformer = target.path("input_transformer");
            if (byId.containsKey(id) && !transformer.isMissingNode()) {
                byId.get(id).put("inputTemplate", transformer.path("input_template").asText())
                        .set("inputPaths", transformer.path("input_paths"));
            }
        });
        return new ArrayList<>(byId.values());
    }

    /** The rules that match {@code event}, each with the input it sends, by moto's engine. */
    private static List<JsonNode> matched(List<ObjectNode> rules, ObjectNode event) throws Exception {
        ObjectNode spec = IamPolicies.MAPPER.createObjectNode();
        ArrayNode ruleList = spec.putArray("rules");
        rules.forEach(ruleList::add);
        spec.putArray("events").addObject().put("id", "e").set("event", event);
        List<JsonNode> matches = new ArrayList<>();
        IamPolicies.MAPPER.readTree(ProjectTools.eventRules(spec.toString())).get(0).path("matched").forEach(matches::add);
        return matches;
    }
}
