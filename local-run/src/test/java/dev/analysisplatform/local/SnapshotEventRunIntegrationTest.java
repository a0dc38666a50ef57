package dev.analysisplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.deploy.Emulator;
import dev.analysisplatform.testing.ProjectTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * startOn "snapshot", end to end on the deployed local environment: a new manual snapshot and RDS's event for it in
 * the source account go through the deployed source rules to the analytics bus (moto routes them), the deployed
 * analytics rules turn the event into a run of exactly that source (moto's EventBridge engine, tools/event_rules.py:
 * moto cannot deliver to Step Functions), and that run exports the snapshot once. A second new snapshot whose event is
 * lost is exported by the nightly run, which finds the first one already exported.
 */
class SnapshotEventRunIntegrationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void aSnapshotEventExportsThatSnapshotOnce_andTheScheduleCatchesALostEvent() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LocalRun run = new LocalRun(new PrintStream(printed, true, StandardCharsets.UTF_8), ROOT, false)) {
            run.setUp();
            Emulator emulator = run.emulator();
            EnvironmentDefinition environment = run.environment();
            ObjectNode nightly = JsonPaths.MAPPER.createObjectNode();
            assertThat(outcomes(run.execute(nightly))).containsExactly("shop_orders EXPORTED shop-orders-demo-3",
                    "shop_billing EXPORTED shop-billing-demo-2");

            AwsCredentialsProvider source = sourceAccount(emulator);
            try (RdsClient rds = RdsClient.builder().region(Region.of(emulator.region()))
                    .endpointOverride(URI.create(emulator.endpoint())).credentialsProvider(source).build();
                 EventBridgeClient sourceEvents = events(emulator, source);
                 EventBridgeClient analyticsEvents = events(emulator, analytics());
                 SqsClient sqs = SqsClient.builder().region(Region.of(emulator.region()))
                         .endpointOverride(URI.create(emulator.endpoint())).credentialsProvider(analytics()).build()) {
                String bus = environment.names().snapshotEventBusName();
                String queue = capture(analyticsEvents, sqs, bus, environment);

                rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier("shop-orders").dbClusterSnapshotIdentifier(
                        "shop-orders-demo-4"));
                putRdsEvent(sourceEvents, true, "RDS-EVENT-0075", "shop-orders-demo-4");
                // Not forwarded: the local sources export manual snapshots only.
                putRdsEvent(sourceEvents, true, "RDS-EVENT-0169", "rds:shop-orders-2026-12-05-03-10");
                List<JsonNode> forwarded = received(sqs, queue);
                assertThat(forwarded).as("events that reached the analytics bus").singleElement()
                        .satisfies(e -> assertThat(e.path("detail").path("SourceIdentifier").asText())
                                .isEqualTo("shop-orders-demo-4"));

                // moto re-stamps a forwarded event with the receiving account; EventBridge keeps the sender's.
                ObjectNode event = ((ObjectNode) forwarded.get(0)).put("account", LocalRun.SOURCE_ACCOUNT);
                List<JsonNode> starts = deployedRulesMatching(analyticsEvents, bus, event);
                assertThat(starts).as("deployed analytics rules that start a run").hasSize(1);
                JsonNode input = starts.get(0).path("input");
                assertThat(input.path("sources").toString()).isEqualTo("[\"shop_orders\"]");

                LocalRun.Execution onEvent = run.execute(input);
                assertThat(outcomes(onEvent)).containsExactly("shop_orders EXPORTED shop-orders-demo-4");

                // A snapshot whose event was lost: the nightly run exports it, and only it.
                rds.createDBSnapshot(b -> b.dbInstanceIdentifier("shop-billing").dbSnapshotIdentifier("shop-billing-demo-3"));
                assertThat(outcomes(run.execute(nightly))).containsExactly("shop_orders ALREADY shop-orders-demo-4",
                        "shop_billing EXPORTED shop-billing-demo-3");
                // Every export task of the account (moto ignores DescribeExportTasks' SourceArn filter).
                assertThat(rds.describeExportTasks(b -> { }).exportTasks()).filteredOn(t -> t.sourceArn().endsWith(
                        ":cluster-snapshot:shop-orders-demo-4")).as("exports of shop-orders-demo-4").hasSize(1);
            }
        }
    }

    /** "source outcome snapshot" per source, ALREADY for a snapshot an earlier run exported. */
    private static List<String> outcomes(LocalRun.Execution execution) {
        assertThat(execution.status()).as(execution.cause()).isEqualTo("SUCCEEDED");
        List<String> outcomes = new ArrayList<>();
        execution.output().forEach(r -> outcomes.add(r.path("source").asText() + " " + ExecutionReport.outcome(r) + " "
                + r.path("snapshot").asText()));
        return outcomes;
    }

    /** A test rule on the analytics bus that copies every RDS event arriving there to a queue. */
    private static String capture(EventBridgeClient events, SqsClient sqs, String bus, EnvironmentDefinition environment) {
        String queueUrl = sqs.createQueue(b -> b.queueName("snapshot-events-capture")).queueUrl();
        String queueArn = "arn:aws:sqs:" + environment.region() + ":" + environment.analyticsAccountId()
                + ":snapshot-events-capture";
        events.putRule(b -> b.name("capture").eventBusName(bus).eventPattern("{\"source\": [\"aws.rds\"]}"));
        events.putTargets(b -> b.rule("capture").eventBusName(bus).targets(Target.builder().id("q").arn(queueArn).build()));
        return queueUrl;
    }

    private static List<JsonNode> received(SqsClient sqs, String queueUrl) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(2))
                .messages()) {
            events.add(JsonPaths.MAPPER.readTree(message.body()));
        }
        return events;
    }

    /** An event as RDS puts it on the source account's default bus. */
    private static void putRdsEvent(EventBridgeClient events, boolean cluster, String eventId, String snapshot) {
        String detail = "{\"EventCategories\": [\"creation\"], \"SourceType\": \"" + (cluster ? "CLUSTER_SNAPSHOT" : "SNAPSHOT")
                + "\", \"Message\": \"snapshot created\", \"SourceIdentifier\": \"" + snapshot + "\", \"EventID\": \""
                + eventId + "\"}";
        var response = events.putEvents(b -> b.entries(e -> e.source("aws.rds")
                .detailType(cluster ? "RDS DB Cluster Snapshot Event" : "RDS DB Snapshot Event").detail(detail)));
        assertThat(response.failedEntryCount()).isZero();
    }

    /** The deployed rules of the bus (with their targets' input transformers) that match, by moto's engine. */
    private static List<JsonNode> deployedRulesMatching(EventBridgeClient events, String bus, ObjectNode event)
            throws Exception {
        ObjectNode spec = JsonPaths.MAPPER.createObjectNode();
        ArrayNode rules = spec.putArray("rules");
        for (Rule rule : events.listRules(b -> b.eventBusName(bus)).rules()) {
            if (rule.name().equals("capture")) {
                continue;
            }
            ObjectNode item = rules.addObject().put("name", rule.name()).put("pattern", rule.eventPattern());
            for (Target target : events.listTargetsByRule(b -> b.rule(rule.name()).eventBusName(bus)).targets()) {
                if (target.inputTransformer() != null) {
                    item.put("inputTemplate", target.inputTransformer().inputTemplate())
                            .set("inputPaths", JsonPaths.MAPPER.valueToTree(target.inputTransformer().inputPathsMap()));
                }
            }
        }
        spec.putArray("events").addObject().put("id", "e").set("event", event);
        List<JsonNode> matched = new ArrayList<>();
        JsonPaths.MAPPER.readTree(ProjectTools.eventRules(spec.toString())).get(0).path("matched").forEach(matched::add);
        return matched;
    }

    private static EventBridgeClient events(Emulator emulator, AwsCredentialsProvider credentials) {
        return EventBridgeClient.builder().region(Region.of(emulator.region()))
                .endpointOverride(URI.create(emulator.endpoint())).credentialsProvider(credentials).build();
    }

    private static AwsCredentialsProvider analytics() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    /** moto acts in the account of an assumed role's ARN. */
    private static AwsCredentialsProvider sourceAccount(Emulator emulator) {
        StsClient sts = StsClient.builder().region(Region.of(emulator.region()))
                .endpointOverride(URI.create(emulator.endpoint())).credentialsProvider(analytics()).build();
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(emulator.deployerRoleArn(LocalRun.SOURCE_ACCOUNT)).roleSessionName("rds"))
                .build();
    }
}
