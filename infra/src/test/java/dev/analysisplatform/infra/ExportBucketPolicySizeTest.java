package dev.analysisplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.InvalidEnvironmentException;
import dev.analysisplatform.environment.SourceDefinition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The export bucket's policy names every source account of its region, and S3 refuses a bucket policy over 20 KB: synth finds the largest fleet that fits and refuses one account more, instead of an apply
 * that fails. The policy is sent minified, so what synth counts is what S3 receives.
 */
class ExportBucketPolicySizeTest {

    /** {@code accounts} source accounts with {@code perAccount} sources each, with the longest source names. */
    private static EnvironmentDefinition fleet(int accounts, int perAccount) {
        List<SourceDefinition> sources = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            String account = String.valueOf(200_000_000_000L + a);
            for (int s = 0; s < perAccount; s++) {
                sources.add(TestEnvironments.cluster(String.format("%03d_%02d_", a, s) + "n".repeat(56), account,
                        "cluster-" + s, "example-external-id"));
            }
        }
        return TestEnvironments.with(List.of(), sources.toArray(SourceDefinition[]::new));
    }

    private static int mostAccounts(int perAccount) {
        int accounts = 1;
        while (accepted(fleet(accounts + 1, perAccount))) {
            accounts++;
        }
        return accounts;
    }

    private static boolean accepted(EnvironmentDefinition environment) {
        try {
            ExportBucket.checkPolicySize(environment);
            return true;
        } catch (InvalidEnvironmentException refused) {
            return false;
        }
    }

    /**
     * Each account adds its account root to the bucket policy's two source statements, whatever its sources: before the
     * account-scoped layout, three statements naming each source's prefix held 16 accounts with one source, 8 with five.
     */
    @Test
    void theLargestFleetThatFits_isAccepted_andOneAccountMoreIsRefusedNamingTheLimit() {
        int one = mostAccounts(1);
        int five = mostAccounts(5);
        System.out.println("source accounts (per region) that fit the export bucket's 20 KB policy: " + one
                + " (1 source each, names of 63 characters), " + five + " (5 sources each)");

        assertThat(one).isGreaterThanOrEqualTo(200);
        assertThat(five).isEqualTo(one);
        assertThatThrownBy(() -> ExportBucket.checkPolicySize(fleet(one + 1, 1)))
                .isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("20480 S3 allows a bucket policy").hasMessageContaining("Split the accounts");
    }

    /**
     * KMS caps a key policy at 32 KB (AWS KMS quotas, key policy document size), EventBridge a bus policy at 10,240
     * characters (quotas, adjustable): both grow by an account id per account, and the bucket's 20 KB binds first.
     */
    @Test
    void theKeyPolicyOfTheLargestFleet_fitsKmsLimit() {
        EnvironmentDefinition largest = fleet(mostAccounts(1), 1);
        int characters = dev.analysisplatform.cdktf.Policy.characters(
                ExportKey.statements(largest, largest.names(), largest.region()));
        System.out.println("export key policy of that fleet: " + characters + " characters of 32,768");
        int bus = dev.analysisplatform.cdktf.Policy.characters(List.of(SnapshotEventStarts.busStatement(largest,
                "arn:aws:events:eu-west-1:111111111111:event-bus/ap-test-snapshot-events")));
        System.out.println("snapshot event bus policy of that fleet: " + bus + " characters of 10,240 (adjustable)");

        assertThat(characters).isLessThan(32_768);
        assertThat(bus).isLessThan(10_240);
    }

    /** Terraform sends the policy minified: the data source's indented JSON would count a third more. */
    @Test
    void theBucketPolicyIsSentMinified() throws Exception {
        List<String> policies = SynthesizedStack.standardAnalytics().resources("aws_s3_bucket_policy").stream()
                .map(p -> p.path("policy").asText()).toList();
        assertThat(policies).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("${jsonencode(jsondecode("));
    }
}
