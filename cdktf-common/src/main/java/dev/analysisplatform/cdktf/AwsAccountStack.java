package dev.analysisplatform.cdktf;

import com.hashicorp.cdktf.S3Backend;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderDefaultTags;
import dev.analysisplatform.environment.EnvironmentDefinition;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * A stack deployed into one AWS account: the AWS provider pinned to that account and region, and state in
 * that account's bootstrap bucket (encrypted, locked with Terraform's S3 lock file).
 */
public abstract class AwsAccountStack extends TerraformStack {

    /**
     * cdktf-provider-aws 18.0.3 was generated from AWS provider 5.23.1 and would pin exactly that; the functions'
     * logging_config (added through an override) needs 5.32.0 or newer (the offline mirror here carries 5.100.0).
     */
    public static final String AWS_PROVIDER_CONSTRAINT = ">= 5.32.0, < 6.0.0";

    protected AwsAccountStack(Construct scope, String id, EnvironmentDefinition environment, String accountId,
                              String stateKey) {
        super(scope, id);
        AwsProvider.Builder.create(this, "aws")
                .region(environment.region())
                // Refuses to touch any other account: deploying with the wrong credentials fails at plan time.
                .allowedAccountIds(List.of(accountId))
                .defaultTags(List.of(AwsProviderDefaultTags.builder()
                        .tags(Map.of("Project", "analysis-platform", "Environment", environment.name()))
                        .build()))
                .build();
        S3Backend.Builder.create(this)
                .bucket(environment.names().stateBucketName(accountId))
                .key(stateKey)
                .region(environment.region())
                .encrypt(true)
                .build();
        addOverride("terraform.backend.s3.use_lockfile", true);
        addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_CONSTRAINT);
    }
}
