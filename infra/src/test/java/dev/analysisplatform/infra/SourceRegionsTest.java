package dev.analysisplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.Testing;
import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.SourceDefinition;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * RDS exports a snapshot only "to an S3 bucket in the same AWS Region as the snapshot": a source in another region than
 * the analytics one gets a bucket and a key there, with the same protections, made by a provider for that region, and
 * each region's bucket and key admit only the accounts with a source in that region. The analytics region's resources
 * keep their addresses, so adding a region changes nothing that was deployed.
 */
class SourceRegionsTest {

    static final String OTHER_REGION = "us-west-2";

    @AfterAll
    static void cleanUp() {
        CdktfTempDirs.deleteCreatedByThisJvm();
    }

    /** orders (account A) in the analytics region, billing (account B) in us-west-2. */
    static EnvironmentDefinition twoRegions() {
        return TestEnvironments.with(List.of(),
                TestEnvironments.cluster("orders", TestEnvironments.SOURCE_A, "orders-aurora", null),
                new SourceDefinition("billing", TestEnvironments.SOURCE_B, null, "billing-postgres",
                        List.of("automated", "manual"), List.of(), null, Defaults.MAX_SNAPSHOT_AGE_HOURS, OTHER_REGION));
    }

    private static SynthesizedStack synth(EnvironmentDefinition environment) {
        return SynthesizedStack.of(new AnalyticsStack(Testing.app(), "test", environment, TestEnvironments.artifacts()));
    }

    @Test
    void anotherSourceRegion_getsAProviderABucketAKeyAndAccessLogsThere() {
        SynthesizedStack stack = synth(twoRegions());

        JsonNode providers = stack.root.path("provider").path("aws");
        assertThat(providers).hasSize(2);
        JsonNode regional = providers.get(1);
        assertThat(regional.path("alias").asText()).isEqualTo(OTHER_REGION);
        assertThat(regional.path("region").asText()).isEqualTo(OTHER_REGION);
        assertThat(SynthesizedStack.texts(regional.path("allowed_account_ids"))).containsExactly(TestEnvironments.ANALYTICS);

        String provider = "aws." + OTHER_REGION;
        String in = "region-" + OTHER_REGION;
        assertThat(stack.resources("aws_s3_bucket").stream().map(b -> b.path("bucket").asText()).toList())
                .contains("example-ap-test-exports", "example-ap-test-exports-" + OTHER_REGION,
                        "ap-test-access-logs-111111111111-" + OTHER_REGION);
        // Every resource of the region is made by its provider, none by the default one.
        for (String type : List.of("aws_kms_key", "aws_kms_alias", "aws_s3_bucket", "aws_s3_bucket_policy",
                "aws_s3_bucket_public_access_block", "aws_s3_bucket_versioning", "aws_s3_bucket_ownership_controls",
                "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_lifecycle_configuration",
                "aws_s3_bucket_logging")) {
            assertThat(stack.resourcesIn(type, in)).as(type).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.path("provider").asText()).as(type).isEqualTo(provider));
        }
        assertThat(stack.onlyResourceIn("aws_kms_key", "export-key").path("provider").isMissingNode()).isTrue();
        assertThat(stack.onlyResourceIn("aws_kms_alias", in).path("name").asText()).isEqualTo("alias/ap-test-exports");
        String encryption = stack.resourcesIn("aws_s3_bucket_server_side_encryption_configuration", in + "_export-bucket")
                .get(0).toString();
        assertThat(encryption).contains("aws:kms").contains("region-" + OTHER_REGION + "_export-key");
    }

    @Test
    void eachRegionsBucketAndKey_admitOnlyTheAccountsWithASourceThere() {
        SynthesizedStack stack = synth(twoRegions());

        String rootA = "arn:aws:iam::" + TestEnvironments.SOURCE_A + ":root";
        String rootB = "arn:aws:iam::" + TestEnvironments.SOURCE_B + ":root";
        for (String document : List.of("export-bucket", "export-key")) {
            assertThat(principals(stack, document)).as(document).contains(rootA).doesNotContain(rootB);
            assertThat(principals(stack, "region-" + OTHER_REGION + "_" + document)).as(document).contains(rootB)
                    .doesNotContain(rootA);
        }
        // Only the analytics region's bucket keeps run records.
        assertThat(stack.resourcesIn("aws_s3_bucket_lifecycle_configuration", "region-" + OTHER_REGION + "_export-bucket")
                .get(0).toString()).doesNotContain("runs/");
    }

    @Test
    void theFunctionsKnowEveryRegionsDestination_andTheRegistrarAndAnalystsReadThem() {
        SynthesizedStack stack = synth(twoRegions());

        JsonNode variables = stack.resources("aws_lambda_function").stream()
                .filter(f -> f.path("function_name").asText().equals("ap-test-export-start")).findFirst().orElseThrow()
                .path("environment").path("variables");
        String destinations = variables.path(FunctionContract.ENV_EXPORT_DESTINATIONS).asText();
        assertThat(destinations).startsWith("${jsonencode(").contains("\"" + OTHER_REGION + "\"")
                .contains("region-" + OTHER_REGION + "_export-key").contains("region-" + OTHER_REGION + "_export-bucket")
                .doesNotContain("\"eu-west-1\"");
        // The registrar's statements (the analyst policy has a ListExports of its own).
        List<JsonNode> registrar = stack.policyStatements().stream()
                .filter(s -> s.path("document").asText().startsWith("exporter_registrar-catalog")).toList();
        assertThat(registrar).filteredOn(s -> s.path("sid").asText().equals("ListExports")).singleElement()
                .satisfies(s -> assertThat(SynthesizedStack.texts(s.path("resources"))).containsExactly(
                        "arn:aws:s3:::example-ap-test-exports", "arn:aws:s3:::example-ap-test-exports-" + OTHER_REGION));
        assertThat(registrar).filteredOn(s -> s.path("sid").asText().equals("ReadExportMetadata")).singleElement()
                .satisfies(s -> assertThat(s.path("resources").toString()).contains("example-ap-test-exports-" + OTHER_REGION));
        assertThat(registrar).filteredOn(s -> s.path("sid").asText().equals("DecryptExportMetadata")).singleElement()
                .satisfies(s -> assertThat(s.path("resources").toString()).contains("region-" + OTHER_REGION + "_export-key"));
        List<JsonNode> analysts = stack.policyStatements().stream()
                .filter(s -> s.path("document").asText().startsWith("analyst_")).toList();
        assertThat(analysts).filteredOn(s -> s.path("sid").asText().equals("ReadExports")).singleElement()
                .satisfies(s -> assertThat(s.path("resources").toString()).contains("region-" + OTHER_REGION + "_export-bucket"));
        assertThat(analysts).filteredOn(s -> s.path("sid").asText().equals("UseExportKey")).singleElement()
                .satisfies(s -> assertThat(s.path("resources").toString()).contains("region-" + OTHER_REGION + "_export-key"));
    }

    @Test
    void snapshotEventsOnTheAnalyticsBus_matchTheSourcesRegion() {
        SynthesizedStack stack = synth(twoRegions());

        assertThat(stack.resources("aws_cloudwatch_event_rule").stream().map(r -> r.path("event_pattern").asText())
                .filter(p -> p.contains(TestEnvironments.SOURCE_B)).toList())
                .isNotEmpty().allSatisfy(p -> assertThat(p).contains("\"region\":[\"" + OTHER_REGION + "\"]"));
    }

    @Test
    void aSingleRegionEnvironment_hasOneProviderAndNoDestinationsVariable() {
        SynthesizedStack stack = SynthesizedStack.standardAnalytics();

        assertThat(stack.root.path("provider").path("aws")).hasSize(1);
        assertThat(stack.json).doesNotContain(FunctionContract.ENV_EXPORT_DESTINATIONS).doesNotContain("region-");
    }

    @Test
    void twoRegions_isValidTerraform() {
        String dir = Testing.fullSynth(new AnalyticsStack(Testing.app(), "test", twoRegions(), TestEnvironments.artifacts()));

        assertThat(Testing.toBeValidTerraform(dir)).isTrue();
    }

    /** Every principal named by the policy documents of one construct. */
    private static List<String> principals(SynthesizedStack stack, String constructId) {
        return stack.policyStatements().stream()
                .filter(s -> s.path("document").asText().startsWith(constructId + "_"))
                .flatMap(s -> SynthesizedStack.texts(s.path("principals").path(0).path("identifiers")).stream()).toList();
    }
}
