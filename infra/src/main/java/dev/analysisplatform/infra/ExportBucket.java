package dev.analysisplatform.infra;

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
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.PlatformNames;
import dev.analysisplatform.environment.SourceDefinition;
import dev.analysisplatform.infra.common.Buckets;
import dev.analysisplatform.infra.common.Policy;
import dev.analysisplatform.infra.common.Statement;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * The bucket exports land in: private, owner-enforced, versioned, SSE-KMS with the export key (bucket key on,
 * to keep KMS request costs per export low), TLS only, and expiring old exports. Each source account's
 * export role may write only under the prefixes of its own sources.
 */
public final class ExportBucket extends Construct {

    /** Overwritten or deleted export files are kept this long, as a safety net, then removed. */
    static final int NONCURRENT_VERSION_DAYS = 7;
    static final int ABORT_INCOMPLETE_UPLOAD_DAYS = 2;

    /** What RDS needs on the bucket for an export (RDS user guide, "Exporting snapshot data to S3"). */
    static final List<String> EXPORT_OBJECT_ACTIONS = List.of("s3:PutObject*", "s3:GetObject*", "s3:DeleteObject*");

    public final S3Bucket bucket;

    public ExportBucket(Construct scope, String id, EnvironmentDefinition environment, ExportKey key) {
        super(scope, id);
        bucket = S3Bucket.Builder.create(this, "bucket").bucket(environment.exportBucketName()).build();
        createPublicAccessBlock();
        createOwnershipControls();
        createVersioning();
        createEncryption(key);
        createLifecycle(environment);
        createPolicy(environment);
    }

    private void createPublicAccessBlock() {
        S3BucketPublicAccessBlock.Builder.create(this, "public-access")
                .bucket(bucket.getId())
                .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)
                .build();
    }

    private void createOwnershipControls() {
        S3BucketOwnershipControls.Builder.create(this, "ownership")
                .bucket(bucket.getId())
                .rule(S3BucketOwnershipControlsRule.builder().objectOwnership("BucketOwnerEnforced").build())
                .build();
    }

    private void createVersioning() {
        S3BucketVersioningA.Builder.create(this, "versioning")
                .bucket(bucket.getId())
                .versioningConfiguration(S3BucketVersioningVersioningConfiguration.builder().status("Enabled").build())
                .build();
    }

    private void createEncryption(ExportKey key) {
        S3BucketServerSideEncryptionConfigurationA.Builder.create(this, "encryption")
                .bucket(bucket.getId())
                .rule(List.of(S3BucketServerSideEncryptionConfigurationRuleA.builder()
                        .applyServerSideEncryptionByDefault(
                                S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA.builder()
                                        .sseAlgorithm("aws:kms")
                                        .kmsMasterKeyId(key.key.getArn())
                                        .build())
                        .bucketKeyEnabled(true)
                        .build()))
                .build();
    }

    private void createLifecycle(EnvironmentDefinition environment) {
        S3BucketLifecycleConfiguration.Builder.create(this, "lifecycle")
                .bucket(bucket.getId())
                .rule(List.of(S3BucketLifecycleConfigurationRule.builder()
                        .id("expire-old-exports")
                        .status("Enabled")
                        .filter(S3BucketLifecycleConfigurationRuleFilter.builder()
                                .prefix(environment.exportPrefix() + "/").build())
                        .expiration(S3BucketLifecycleConfigurationRuleExpiration.builder()
                                .days(environment.exportRetentionDays()).build())
                        .noncurrentVersionExpiration(S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration.builder()
                                .noncurrentDays(NONCURRENT_VERSION_DAYS).build())
                        .abortIncompleteMultipartUpload(S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload.builder()
                                .daysAfterInitiation(ABORT_INCOMPLETE_UPLOAD_DAYS).build())
                        .build()))
                .build();
    }

    private void createPolicy(EnvironmentDefinition environment) {
        PlatformNames names = environment.names();
        String bucketArn = names.exportBucketArn();
        List<Statement> statements = new ArrayList<>();
        statements.add(Buckets.denyInsecureTransport(bucketArn));
        for (String account : environment.sourceAccountIds()) {
            List<String> prefixes = environment.sourcesIn(account).stream()
                    .map(SourceDefinition::name).map(names::sourcePrefix).toList();
            statements.add(exportRole(names, account, "SourceExportWrites" + account)
                    .actions(EXPORT_OBJECT_ACTIONS)
                    .resources(prefixes.stream().map(p -> bucketArn + "/" + p + "/*").toList()));
            statements.add(exportRole(names, account, "SourceExportLists" + account)
                    .actions("s3:ListBucket")
                    .resources(bucketArn)
                    .condition("StringLike", "s3:prefix", prefixes.stream()
                            .flatMap(p -> java.util.stream.Stream.of(p, p + "/*")).toList()));
            statements.add(exportRole(names, account, "SourceExportLocates" + account)
                    .actions("s3:GetBucketLocation")
                    .resources(bucketArn));
        }
        S3BucketPolicy.Builder.create(this, "policy")
                .bucket(bucket.getId())
                .policy(Policy.json(this, "policy-document", statements))
                .build();
    }

    private static Statement exportRole(PlatformNames names, String account, String sid) {
        return Statement.allow(sid)
                .principal("AWS", names.accountRootArn(account))
                .condition("ArnEquals", "aws:PrincipalArn", names.exportRoleArn(account));
    }
}
