package dev.analysisplatform.infra.common;

import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControls;
import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControlsRule;
import com.hashicorp.cdktf.providers.aws.s3_bucket_policy.S3BucketPolicy;
import com.hashicorp.cdktf.providers.aws.s3_bucket_public_access_block.S3BucketPublicAccessBlock;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningVersioningConfiguration;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import dev.analysisplatform.environment.EnvironmentDefinition;
import java.util.List;
import software.constructs.Construct;

/**
 * The one-command bootstrap ({@code npx cdktf deploy <env>-state}): the Terraform state bucket of one
 * account. Its own state is local (there is nowhere else to keep it yet) and it is never needed again: the
 * bucket is protected from destroy and the other stacks only need its name, which is deterministic.
 */
public final class StateBucketStack extends TerraformStack {

    public StateBucketStack(Construct scope, String id, EnvironmentDefinition environment, String accountId) {
        super(scope, id);
        new LocalBackend(this, com.hashicorp.cdktf.LocalBackendConfig.builder()
                .path("terraform." + id + ".tfstate").build());
        AwsProvider.Builder.create(this, "aws")
                .region(environment.region())
                .allowedAccountIds(List.of(accountId))
                .build();
        addOverride("terraform.required_providers.aws.version", AwsAccountStack.AWS_PROVIDER_CONSTRAINT);

        String name = environment.names().stateBucketName(accountId);
        S3Bucket bucket = S3Bucket.Builder.create(this, "state")
                .bucket(name)
                .lifecycle(TerraformResourceLifecycle.builder().preventDestroy(true).build())
                .build();
        S3BucketPublicAccessBlock.Builder.create(this, "state-public-access")
                .bucket(bucket.getId())
                .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)
                .build();
        S3BucketOwnershipControls.Builder.create(this, "state-ownership")
                .bucket(bucket.getId())
                .rule(S3BucketOwnershipControlsRule.builder().objectOwnership("BucketOwnerEnforced").build())
                .build();
        S3BucketVersioningA.Builder.create(this, "state-versioning")
                .bucket(bucket.getId())
                .versioningConfiguration(S3BucketVersioningVersioningConfiguration.builder().status("Enabled").build())
                .build();
        // SSE-KMS with the account's AWS-managed S3 key: encrypted at rest without a key to manage before anything exists.
        S3BucketServerSideEncryptionConfigurationA.Builder.create(this, "state-encryption")
                .bucket(bucket.getId())
                .rule(List.of(S3BucketServerSideEncryptionConfigurationRuleA.builder()
                        .applyServerSideEncryptionByDefault(
                                S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA.builder()
                                        .sseAlgorithm("aws:kms").build())
                        .bucketKeyEnabled(true)
                        .build()))
                .build();
        S3BucketPolicy.Builder.create(this, "state-policy")
                .bucket(bucket.getId())
                .policy(Policy.json(this, "state-policy-document", Buckets.denyInsecureTransport(bucket.getArn())))
                .build();
        TerraformOutput.Builder.create(this, "state_bucket").value(bucket.getBucket()).build();
    }
}
