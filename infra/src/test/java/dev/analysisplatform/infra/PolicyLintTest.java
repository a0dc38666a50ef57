package dev.analysisplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.hashicorp.cdktf.Testing;
import dev.analysisplatform.cdktf.StateBucketStack;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyLintTest {

    @Test
    void analyticsStack_followsPolicyRules() {
        SynthesizedStack stack = SynthesizedStack.standardAnalytics();

        assertThat(PolicyRules.violations(stack)).isEmpty();
    }

    @Test
    void stateBucketStack_followsPolicyRules() {
        SynthesizedStack stack = SynthesizedStack.of(new StateBucketStack(Testing.app(), "test-state",
                TestEnvironments.standard(), TestEnvironments.ANALYTICS, java.nio.file.Path.of("bootstrap-state")));

        assertThat(PolicyRules.violations(stack)).isEmpty();
    }

    @Test
    void rules_catchWildcardsAndMissingProtections() {
        // A stack that breaks the rules on purpose, so the rules themselves are known to bite.
        com.hashicorp.cdktf.App app = Testing.app();
        com.hashicorp.cdktf.TerraformStack bad = new com.hashicorp.cdktf.TerraformStack(app, "bad");
        new com.hashicorp.cdktf.providers.aws.provider.AwsProvider(bad, "aws",
                com.hashicorp.cdktf.providers.aws.provider.AwsProviderConfig.builder().region("eu-west-1").build());
        dev.analysisplatform.cdktf.Policy.json(bad, "doc",
                dev.analysisplatform.cdktf.Statement.allow("TooBroad").actions("s3:*").resources("*"));
        com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket.Builder.create(bad, "naked").bucket("example-naked").build();
        com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup.Builder.create(bad, "forever")
                .name("forever").build();

        List<String> violations = PolicyRules.violations(SynthesizedStack.of(bad));

        assertThat(violations).contains("TooBroad: wildcard action s3:*", "TooBroad: Resource \"*\"",
                "every bucket needs a public access block", "every bucket needs a TLS-only bucket policy",
                "every bucket needs SSE-KMS", "log group forever has no retention");
    }
}
