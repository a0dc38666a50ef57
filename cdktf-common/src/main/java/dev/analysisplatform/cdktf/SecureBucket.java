package dev.analysisplatform.cdktf;

import com.hashicorp.cdktf.TerraformProvider;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfiguration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRule;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleExpiration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleFilter;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControls;
import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControlsRule;
import com.hashicorp.cdktf.providers.aws.s3_bucket_policy.S3BucketPolicy;
import com.hashicorp.cdktf.providers.aws.s3_bucket_public_access_block.S3BucketPublicAccessBlock;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningVersioningConfiguration;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * Every bucket of the project, with the same protections: public access fully blocked, owner-enforced object
 * ownership, versioning, SSE-KMS (a given key, or the account's AWS-managed S3 key) with bucket key, a TLS-only
 * policy plus the caller's statements, and optionally a lifecycle expiring objects under a prefix (and old
 * versions after {@link #NONCURRENT_VERSION_DAYS} days).
 */
public final class SecureBucket extends Construct {

    /** Overwritten or deleted objects are kept this long, as a safety net, then removed. */
    public static final int NONCURRENT_VERSION_DAYS = 7;
    static final int ABORT_INCOMPLETE_UPLOAD_DAYS = 2;

    /**
     * What a bucket needs besides its name: null kmsKeyArn means the AWS-managed S3 key; null expirePrefix means
     * no lifecycle at all (every version kept, as a Terraform state bucket wants); s3ManagedKeys means SSE-S3
     * instead of SSE-KMS, for the one bucket whose writer (S3 log delivery) cannot use the AWS-managed KMS key.
     */
    public record Options(String kmsKeyArn, String expirePrefix, Integer expireDays, boolean preventDestroy,
                          List<Statement> policyStatements, boolean s3ManagedKeys, List<Expiry> alsoExpire) {

        public Options(String kmsKeyArn, String expirePrefix, Integer expireDays, boolean preventDestroy,
                       List<Statement> policyStatements, boolean s3ManagedKeys) {
            this(kmsKeyArn, expirePrefix, expireDays, preventDestroy, policyStatements, s3ManagedKeys, List.of());
        }

        public Options(String kmsKeyArn, String expirePrefix, Integer expireDays, boolean preventDestroy,
                       List<Statement> policyStatements) {
            this(kmsKeyArn, expirePrefix, expireDays, preventDestroy, policyStatements, false);
        }

        /** As these options, with objects under {@code prefix} also expiring after {@code days}. */
        public Options alsoExpiring(String prefix, int days) {
            List<Expiry> more = new ArrayList<>(alsoExpire);
            more.add(new Expiry(prefix, days));
            return new Options(kmsKeyArn, expirePrefix, expireDays, preventDestroy, policyStatements, s3ManagedKeys,
                    List.copyOf(more));
        }
    }

    /** Objects under {@code prefix} expire {@code days} after they were written. */
    public record Expiry(String prefix, int days) {
    }

    public final S3Bucket bucket;
    public final S3BucketPolicy policy;

    public SecureBucket(Construct scope, String id, String name, Options options) {
        this(scope, id, name, options, null);
    }

    /** In the region of {@code provider} (null: the stack's default provider). */
    public SecureBucket(Construct scope, String id, String name, Options options, TerraformProvider provider) {
        super(scope, id);
        bucket = S3Bucket.Builder.create(this, "bucket")
                .provider(provider)
                .bucket(name)
                .lifecycle(options.preventDestroy() ? TerraformResourceLifecycle.builder().preventDestroy(true).build() : null)
                .build();
        S3BucketPublicAccessBlock.Builder.create(this, "public-access")
                .provider(provider)
                .bucket(bucket.getId())
                .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)
                .build();
        S3BucketOwnershipControls.Builder.create(this, "ownership")
                .provider(provider)
                .bucket(bucket.getId())
                .rule(S3BucketOwnershipControlsRule.builder().objectOwnership("BucketOwnerEnforced").build())
                .build();
        S3BucketVersioningA.Builder.create(this, "versioning")
                .provider(provider)
                .bucket(bucket.getId())
                .versioningConfiguration(S3BucketVersioningVersioningConfiguration.builder().status("Enabled").build())
                .build();
        S3BucketServerSideEncryptionConfigurationA.Builder.create(this, "encryption")
                .provider(provider)
                .bucket(bucket.getId())
                .rule(List.of(S3BucketServerSideEncryptionConfigurationRuleA.builder()
                        .applyServerSideEncryptionByDefault(
                                S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA.builder()
                                        .sseAlgorithm(options.s3ManagedKeys() ? "AES256" : "aws:kms")
                                        .kmsMasterKeyId(options.s3ManagedKeys() ? null : options.kmsKeyArn())
                                        .build())
                        // One data key per bucket instead of per object: far fewer KMS requests.
                        .bucketKeyEnabled(!options.s3ManagedKeys())
                        .build()))
                .build();
        if (options.expirePrefix() != null) {
            createLifecycle(options, provider);
        }
        List<Statement> statements = new ArrayList<>();
        // The bucket's own ARN attribute, so the statement is right in every partition (aws-cn, aws-us-gov).
        statements.add(Buckets.denyInsecureTransport(bucket.getArn()));
        statements.addAll(options.policyStatements());
        policy = S3BucketPolicy.Builder.create(this, "policy")
                .provider(provider)
                .bucket(bucket.getId())
                .policy(Policy.minified(this, "policy-document", statements))
                .build();
    }

    private void createLifecycle(Options options, TerraformProvider provider) {
        List<S3BucketLifecycleConfigurationRule> rules = new ArrayList<>();
        var rule = S3BucketLifecycleConfigurationRule.builder()
                .id("expire-old-objects")
                .status("Enabled")
                .noncurrentVersionExpiration(S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration.builder()
                        .noncurrentDays(NONCURRENT_VERSION_DAYS).build())
                .abortIncompleteMultipartUpload(S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload.builder()
                        .daysAfterInitiation(ABORT_INCOMPLETE_UPLOAD_DAYS).build())
                .filter(S3BucketLifecycleConfigurationRuleFilter.builder()
                        .prefix(options.expirePrefix()).build());
        if (options.expireDays() != null) {
            rule.expiration(S3BucketLifecycleConfigurationRuleExpiration.builder().days(options.expireDays()).build());
        }
        rules.add(rule.build());
        for (Expiry expiry : options.alsoExpire()) {
            rules.add(S3BucketLifecycleConfigurationRule.builder()
                    .id("expire-" + expiry.prefix().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", ""))
                    .status("Enabled")
                    .filter(S3BucketLifecycleConfigurationRuleFilter.builder().prefix(expiry.prefix()).build())
                    .expiration(S3BucketLifecycleConfigurationRuleExpiration.builder().days(expiry.days()).build())
                    .noncurrentVersionExpiration(S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration.builder()
                            .noncurrentDays(NONCURRENT_VERSION_DAYS).build())
                    .build());
        }
        S3BucketLifecycleConfiguration.Builder.create(this, "lifecycle")
                .provider(provider)
                .bucket(bucket.getId())
                .rule(rules)
                .build();
    }
}
