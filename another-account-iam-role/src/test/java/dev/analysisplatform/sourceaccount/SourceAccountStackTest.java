package dev.analysisplatform.sourceaccount;

import static dev.analysisplatform.infra.SynthesizedStack.texts;
import static dev.analysisplatform.infra.TestEnvironments.SOURCE_A;
import static dev.analysisplatform.infra.TestEnvironments.SOURCE_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.Testing;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.infra.PolicyRules;
import dev.analysisplatform.infra.SynthesizedStack;
import dev.analysisplatform.infra.TestEnvironments;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceAccountStackTest {

    /** Account A: one cluster with ExternalId; account B: one instance without. */
    private static final EnvironmentDefinition ENVIRONMENT = TestEnvironments.standard();

    private static SynthesizedStack synth(EnvironmentDefinition environment, String account) {
        return SynthesizedStack.of(new SourceAccountStack(Testing.app(), "test", environment, account));
    }

    @Test
    void readerRole_trustsOnlyTheAnalyticsExporterRoleWithExternalId() {
        SynthesizedStack stack = synth(ENVIRONMENT, SOURCE_A);

        JsonNode trust = stack.statement("AnalyticsExporterAssumes");
        assertThat(texts(trust.path("principals").get(0).path("identifiers"))).containsExactly("arn:aws:iam::111111111111:root");
        assertThat(trust.path("condition").toString())
                .contains("aws:PrincipalArn").contains("arn:aws:iam::111111111111:role/ap-test-exporter")
                .contains("sts:ExternalId").contains("example-external-id");
        assertThat(stack.resources("aws_iam_role")).extracting(r -> r.path("name").asText())
                .containsExactlyInAnyOrder("ap-test-snapshot-reader", "ap-test-snapshot-export",
                        "ap-test-snapshot-event-forwarder");
    }

    /**
     * An account with a database in the analytics region and one in us-west-2: each is listed and exported in its own
     * region, written to that region's bucket with that region's key, and its snapshot events are forwarded from its
     * own region (a rule made by that region's provider) to the analytics bus.
     */
    @Test
    void sourcesInTwoRegions_eachReachesItsOwnRegionsDatabaseBucketAndKey() throws Exception {
        EnvironmentDefinition environment = TestEnvironments.with(List.of(),
                TestEnvironments.cluster("orders", SOURCE_A, "orders-aurora", null),
                new dev.analysisplatform.environment.SourceDefinition("stock", SOURCE_A, "stock-aurora", null,
                        List.of("automated"), List.of(), null, dev.analysisplatform.contract.Defaults.MAX_SNAPSHOT_AGE_HOURS,
                        "us-west-2"));
        SynthesizedStack stack = synth(environment, SOURCE_A);

        assertThat(texts(stack.statement("WriteOwnPrefixes").path("resources"))).containsExactly(
                "arn:aws:s3:::example-ap-test-exports/exports/" + SOURCE_A + "/*",
                "arn:aws:s3:::example-ap-test-exports-us-west-2/exports/" + SOURCE_A + "/*",
                "arn:aws:s3:::example-ap-test-exports/exports/orders/*",
                "arn:aws:s3:::example-ap-test-exports-us-west-2/exports/stock/*");
        assertThat(texts(stack.statement("UseExportKey").path("resources"))).containsExactly(
                "arn:aws:kms:eu-west-1:111111111111:key/*", "arn:aws:kms:us-west-2:111111111111:key/*");
        assertThat(texts(stack.statement("ListClusterSnapshots").path("resources"))).containsExactly(
                "arn:aws:rds:eu-west-1:222222222222:cluster:orders-aurora",
                "arn:aws:rds:us-west-2:222222222222:cluster:stock-aurora",
                "arn:aws:rds:eu-west-1:222222222222:cluster-snapshot:*",
                "arn:aws:rds:us-west-2:222222222222:cluster-snapshot:*");
        assertThat(texts(stack.statement("ExportConfiguredSnapshots").path("resources"))).anyMatch(
                r -> r.startsWith("arn:aws:rds:us-west-2:222222222222:cluster-snapshot:rds:stock-aurora-"));
        JsonNode stockRule = stack.resources("aws_cloudwatch_event_rule").stream()
                .filter(r -> r.path("name").asText().equals("ap-test-auto-stock")).findFirst().orElseThrow();
        assertThat(stockRule.path("provider").asText()).isEqualTo("aws.us-west-2");
        assertThat(stack.resources("aws_cloudwatch_event_target").stream()
                .filter(t -> t.path("provider").asText().equals("aws.us-west-2")).toList()).singleElement()
                .satisfies(t -> assertThat(t.path("arn").asText())
                        .isEqualTo("arn:aws:events:eu-west-1:111111111111:event-bus/ap-test-snapshot-events"));
        assertThat(stack.root.path("provider").path("aws")).hasSize(2);
    }

    /** startOn "snapshot": this account's sources' snapshot events, and only those, go to the analytics bus. */
    @Test
    void snapshotEvents_thisAccountsSourcesAreForwardedToTheAnalyticsBus_byARoleThatMaySendOnlyThere() throws Exception {
        SynthesizedStack stack = synth(ENVIRONMENT, SOURCE_B);

        List<JsonNode> rules = stack.resources("aws_cloudwatch_event_rule");
        assertThat(rules).extracting(r -> r.path("name").asText())
                .containsExactlyInAnyOrder("ap-test-auto-billing", "ap-test-manual-billing");
        JsonNode automated = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rules.stream()
                .filter(r -> r.path("name").asText().endsWith("auto-billing")).findFirst().orElseThrow()
                .path("event_pattern").asText());
        assertThat(automated.has("account")).as("the default bus of this account sees only its own events").isFalse();
        assertThat(automated.path("detail").toString()).contains("RDS-EVENT-0091").contains("rds:billing-postgres-");
        assertThat(stack.resources("aws_cloudwatch_event_target")).hasSize(2).allSatisfy(t -> {
            assertThat(t.path("arn").asText()).isEqualTo("arn:aws:events:eu-west-1:111111111111:event-bus/ap-test-snapshot-events");
            assertThat(t.path("role_arn").asText()).contains("aws_iam_role.snapshot-events_role");
        });
        JsonNode send = stack.statement("ForwardToTheAnalyticsBus");
        assertThat(texts(send.path("actions"))).containsExactly("events:PutEvents");
        assertThat(texts(send.path("resources"))).containsExactly(
                "arn:aws:events:eu-west-1:111111111111:event-bus/ap-test-snapshot-events");
    }

    @Test
    void snapshotEvents_absentWhenRunsStartOnTheScheduleOnly() {
        SynthesizedStack stack = synth(TestEnvironments.startingOn(ENVIRONMENT, "schedule"), SOURCE_B);

        assertThat(stack.resources("aws_cloudwatch_event_rule")).isEmpty();
        assertThat(stack.resources("aws_iam_role")).hasSize(2);
    }

    @Test
    void readerRole_withoutExternalId_hasNoExternalIdCondition() {
        SynthesizedStack stack = synth(ENVIRONMENT, SOURCE_B);

        assertThat(stack.statement("AnalyticsExporterAssumes").path("condition").toString()).doesNotContain("sts:ExternalId");
    }

    @Test
    void readerRole_listsOnlyConfiguredDatabasesAndPassesOnlyTheExportRoleToRds() {
        SynthesizedStack clusterAccount = synth(ENVIRONMENT, SOURCE_A);

        assertThat(texts(clusterAccount.statement("ListClusterSnapshots").path("resources"))).containsExactly(
                "arn:aws:rds:eu-west-1:222222222222:cluster:orders-aurora",
                "arn:aws:rds:eu-west-1:222222222222:cluster-snapshot:*");
        assertThat(clusterAccount.policyStatements()).noneMatch(s -> s.path("sid").asText().equals("ListInstanceSnapshots"));
        JsonNode pass = clusterAccount.statement("PassExportRoleToRds");
        assertThat(texts(pass.path("resources"))).containsExactly("arn:aws:iam::222222222222:role/ap-test-snapshot-export");
        assertThat(pass.has("condition")).as("no condition on a key AWS does not document for RDS").isFalse();
        assertThat(texts(clusterAccount.statement("ExportConfiguredSnapshots").path("actions")))
                .containsExactly("rds:StartExportTask");
        assertThat(texts(clusterAccount.statement("ExportConfiguredSnapshots").path("resources")))
                .containsExactly("arn:aws:rds:eu-west-1:222222222222:cluster-snapshot:rds:orders-aurora-????-??-??-??-??");
        assertThat(clusterAccount.json).doesNotContain("rds:CancelExportTask");
        assertThat(clusterAccount.statement("GrantExportKeyToRds").path("condition").toString())
                .contains("kms:GrantIsForAWSResource");

        SynthesizedStack instanceAccount = synth(ENVIRONMENT, SOURCE_B);
        assertThat(texts(instanceAccount.statement("ListInstanceSnapshots").path("resources"))).containsExactly(
                "arn:aws:rds:eu-west-1:333333333333:db:billing-postgres",
                "arn:aws:rds:eu-west-1:333333333333:snapshot:*");
    }

    @Test
    void exportRole_trustedOnlyByRdsExportForThisAccountAndWritesOnlyItsPrefixes() {
        SynthesizedStack stack = synth(ENVIRONMENT, SOURCE_B);

        JsonNode trust = stack.policyStatements().stream()
                .filter(s -> s.path("document").asText().startsWith("export-role_trust")).findFirst().orElseThrow();
        assertThat(texts(trust.path("principals").get(0).path("identifiers"))).containsExactly("export.rds.amazonaws.com");
        assertThat(trust.path("condition").toString()).contains("StringEqualsIfExists").contains("aws:SourceAccount")
                .contains(SOURCE_B);
        // Its sources' folders under its account's, and their folders from before the account segment (for an
        // analytics stack not yet upgraded; this version's bucket policy admits only the account's folder).
        assertThat(texts(stack.statement("WriteOwnPrefixes").path("resources"))).containsExactly(
                "arn:aws:s3:::example-ap-test-exports/exports/" + SOURCE_B + "/*",
                "arn:aws:s3:::example-ap-test-exports/exports/billing/*");
        assertThat(stack.statement("ListOwnPrefixes").path("condition").toString())
                .contains("exports/" + SOURCE_B + "/*").contains("exports/billing/*");
        JsonNode key = stack.statement("UseExportKey");
        assertThat(texts(key.path("resources"))).containsExactly("arn:aws:kms:eu-west-1:111111111111:key/*");
        assertThat(key.path("condition").toString()).contains("kms:ResourceAliases").contains("alias/ap-test-exports");
    }

    @Test
    void stack_followsPolicyRulesAndIsPinnedToItsAccount() {
        SynthesizedStack stack = synth(ENVIRONMENT, SOURCE_A);

        assertThat(PolicyRules.violations(stack)).isEmpty();
        assertThat(texts(stack.root.path("provider").path("aws").get(0).path("allowed_account_ids"))).containsExactly(SOURCE_A);
        assertThat(stack.root.path("terraform").path("backend").path("s3").path("bucket").asText())
                .isEqualTo("ap-test-tfstate-222222222222");
    }

    @Test
    void stack_forAccountWithoutSources_isRejected() {
        assertThatThrownBy(() -> new SourceAccountStack(Testing.app(), "test", ENVIRONMENT, "444444444444"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("444444444444");
    }

    @Test
    void stack_isValidTerraform() {
        String dir = Testing.fullSynth(new SourceAccountStack(Testing.app(), "test", ENVIRONMENT, SOURCE_A));

        assertThat(Testing.toBeValidTerraform(dir)).isTrue();
    }

    @Test
    void stackIds_onePerSourceAccount() {
        assertThat(SourceAccountStack.idFor(ENVIRONMENT, SOURCE_A)).isEqualTo("test-" + SOURCE_A);
        assertThat(SourceAccountStack.idFor(ENVIRONMENT, SOURCE_B)).isEqualTo("test-" + SOURCE_B);
        assertThat(dev.analysisplatform.cdktf.StateBucketStack.idFor(SourceAccountStack.idFor(ENVIRONMENT, SOURCE_A)))
                .isEqualTo("test-" + SOURCE_A + "-state");
    }
}
