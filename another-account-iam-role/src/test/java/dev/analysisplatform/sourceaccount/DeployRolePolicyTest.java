package dev.analysisplatform.sourceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.Testing;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.infra.AnalyticsStack;
import dev.analysisplatform.infra.SynthesizedStack;
import dev.analysisplatform.infra.TestEnvironments;
import dev.analysisplatform.testing.IamSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GitHub deploy role's files in {@code docs/github/}, which the README tells users to paste: the permission
 * policies are the ones {@link DeployRolePolicy} generates from the synthesized stacks of {@code environments/dev.json},
 * and the trust policy admits exactly the workflow's two jobs of the named repository.
 */
class DeployRolePolicyTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCS = ROOT.resolve("docs/github");
    private static final EnvironmentDefinition DEV = new EnvironmentLoader(ROOT.resolve("environments")).load("dev");
    /**
     * IAM's quota for a role's inline policies together, whitespace excluded ("IAM and AWS STS quotas": role policy
     * size 10,240 characters). The analytics policy outgrows a managed policy's 6,144, so the README attaches it inline.
     */
    private static final int ROLE_INLINE_POLICY_CHARACTERS = 10_240;

    @Test
    void theAnalyticsPolicyInDocsIsTheOneGeneratedFromTheSynthesizedStack() throws Exception {
        JsonNode stack = SynthesizedStack.of(new AnalyticsStack(Testing.app(), "dev", DEV, TestEnvironments.artifacts())).root;
        assertCommitted("deploy-role-policy-analytics.json",
                DeployRolePolicy.forStack(stack, DEV.namePrefix(), DEV.analyticsAccountId()));
    }

    @Test
    void theSourcePolicyInDocsIsTheOneGeneratedFromTheSynthesizedStack() throws Exception {
        String account = DEV.sourceAccountIds().get(0);
        JsonNode stack = SynthesizedStack.of(new SourceAccountStack(Testing.app(), "dev-" + account, DEV, account)).root;
        ObjectNode policy = DeployRolePolicy.forStack(stack, DEV.namePrefix(), account);
        assertCommitted("deploy-role-policy-source.json", policy);
        assertThat(policy.toString()).as("a source account's deploy role manages roles, never data")
                .doesNotContain("s3:CreateBucket", "kms:", "lambda:", "glue:");
    }

    /** A source region's key, alias and event rules are made there: the deploy role may manage them there too. */
    @Test
    void aSecondSourceRegion_isInTheKeyAndRuleGrants() {
        EnvironmentDefinition twoRegions = TestEnvironments.with(List.of(),
                TestEnvironments.cluster("orders", TestEnvironments.SOURCE_A, "orders-aurora", null),
                new dev.analysisplatform.environment.SourceDefinition("stock", TestEnvironments.SOURCE_A, "stock-aurora",
                        null, List.of("automated"), List.of(), null,
                        dev.analysisplatform.contract.Defaults.MAX_SNAPSHOT_AGE_HOURS, "us-west-2"));
        JsonNode analytics = DeployRolePolicy.forStack(SynthesizedStack.of(new AnalyticsStack(Testing.app(), "test",
                twoRegions, TestEnvironments.artifacts())).root, twoRegions.namePrefix(), TestEnvironments.ANALYTICS);
        String keys = "arn:aws:kms:%s:" + TestEnvironments.ANALYTICS + ":key/*";
        assertThat(resources(analytics, "ManageTaggedKeys")).containsExactly(keys.formatted("eu-west-1"),
                keys.formatted("us-west-2"));
        assertThat(resources(analytics, "KeyAliases")).hasSize(2).anyMatch(r -> r.contains(":us-west-2:"));
        assertThat(analytics.toString()).contains("arn:aws:s3:::example-ap-test-exports-us-west-2")
                .contains("arn:aws:s3:::ap-test-access-logs-" + TestEnvironments.ANALYTICS + "-us-west-2");
        JsonNode source = DeployRolePolicy.forStack(SynthesizedStack.of(new SourceAccountStack(Testing.app(), "test-a",
                twoRegions, TestEnvironments.SOURCE_A)).root, twoRegions.namePrefix(), TestEnvironments.SOURCE_A);
        assertThat(resources(source, "EventRules")).containsExactly(
                "arn:aws:events:eu-west-1:" + TestEnvironments.SOURCE_A + ":rule/ap-test-*",
                "arn:aws:events:us-west-2:" + TestEnvironments.SOURCE_A + ":rule/ap-test-*");
    }

    @Test
    void aResourceTypeWithoutKnownPermissionsFailsGeneration() throws Exception {
        ObjectNode stack = (ObjectNode) IamPolicies.MAPPER.readTree("""
                {"provider": {"aws": [{"region": "eu-west-1", "default_tags": [{"tags": {"Project": "p"}}]}]},
                 "terraform": {"backend": {"s3": {"bucket": "state", "key": "k"}}},
                 "resource": {"aws_rds_cluster": {"c": {}}}}""");

        assertThatThrownBy(() -> DeployRolePolicy.forStack(stack, "p-dev", "111111111111"))
                .hasMessageContaining("aws_rds_cluster").hasMessageContaining("DeployRolePolicy");
    }

    /**
     * The evaluator knows only the condition keys of the Service Authorization Reference, which lists OIDC keys for a
     * few named providers and not GitHub's; IAM evaluates every OIDC provider's {@code <provider>:sub} and
     * {@code :aud} alike, so the test renames GitHub's keys to a listed provider's in the policy and the requests.
     */
    @Test
    void theTrustPolicyAdmitsThePlanAndApplyJobsOfThisRepositoryAndNothingElse() throws Exception {
        String trust = Files.readString(DOCS.resolve("deploy-role-trust-policy.json"))
                .replace("token.actions.githubusercontent.com:", "accounts.google.com:");
        Map<String, Boolean> cases = new LinkedHashMap<>();
        cases.put("repo:OWNER/REPO:ref:refs/heads/main|sts.amazonaws.com", true); // the plan job
        cases.put("repo:OWNER/REPO:environment:dev|sts.amazonaws.com", true); // the apply job, in its environment
        cases.put("repo:OWNER/REPO:environment:dev|https://github.com/OWNER", false); // another audience
        cases.put("repo:OWNER/REPO:environment:prod|sts.amazonaws.com", false); // another environment
        cases.put("repo:OWNER/REPO:ref:refs/heads/feature|sts.amazonaws.com", false); // an unreviewed branch
        cases.put("repo:OWNER/REPO:pull_request|sts.amazonaws.com", false); // a pull request, perhaps from a fork
        cases.put("repo:OTHER/REPO:environment:dev|sts.amazonaws.com", false); // another repository
        cases.put("repo:OWNER/REPO-fork:environment:dev|sts.amazonaws.com", false);

        JsonNode trustPolicy = IamPolicies.MAPPER.readTree(trust);
        List<IamSimulator.Simulation> simulations = cases.keySet().stream().map(c -> new IamSimulator.Simulation(c,
                List.of(), trustPolicy, "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
                "sts:AssumeRoleWithWebIdentity", "arn:aws:iam::111111111111:role/analysis-platform-deploy",
                "111111111111", Map.of("accounts.google.com:sub", c.split("\\|")[0],
                        "accounts.google.com:aud", c.split("\\|")[1]))).toList();
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        IamSimulator.evaluate(simulations).forEach((id, result) -> {
            assertThat(result.path("result").asText()).as(result.toString()).isNotEqualTo("Error");
            verdicts.put(id, result.path("result").asText().equals("Allowed"));
        });
        assertThat(verdicts).isEqualTo(cases);
    }

    /** The file in docs/github equals the generated policy; else the generated one is left in target/ to copy. */
    private static void assertCommitted(String file, ObjectNode generated) throws Exception {
        String text = IamPolicies.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(generated) + "\n";
        assertThat(text.replaceAll("\\s", "").length()).as(file + ": IAM's inline role policy size quota")
                .isLessThanOrEqualTo(ROLE_INLINE_POLICY_CHARACTERS);
        Path committed = DOCS.resolve(file);
        String current = Files.isRegularFile(committed) ? Files.readString(committed) : "";
        if (!current.equals(text)) {
            Path fresh = Path.of("target", file).toAbsolutePath();
            Files.writeString(fresh, text);
            assertThat(current).as("docs/github/" + file + " is not what the stacks need now; the generated policy is "
                    + fresh + ": review it and copy it to docs/github/").isEqualTo(text);
        }
    }

    private static List<String> resources(JsonNode policy, String sid) {
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Sid").asText().equals(sid)) {
                List<String> resources = new java.util.ArrayList<>();
                JsonNode resource = statement.path("Resource");
                if (resource.isArray()) {
                    resource.forEach(r -> resources.add(r.asText()));
                } else {
                    resources.add(resource.asText());
                }
                return resources;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }
}
