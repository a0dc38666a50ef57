package dev.analysisplatform.cdktf;

import com.hashicorp.cdktf.S3Backend;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderDefaultTags;
import dev.analysisplatform.environment.EnvironmentDefinition;
import java.util.LinkedHashMap;
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

    private final EnvironmentDefinition environment;
    private final String accountId;
    private final Map<String, AwsProvider> regionalProviders = new LinkedHashMap<>();

    protected AwsAccountStack(Construct scope, String id, EnvironmentDefinition environment, String accountId,
                              String stateKey) {
        super(scope, id);
        this.environment = environment;
        this.accountId = accountId;
        provider("aws", environment.region()).build();
        S3Backend.Builder.create(this)
                .bucket(environment.names().stateBucketName(accountId))
                .key(stateKey)
                .region(environment.region())
                .encrypt(true)
                .build();
        addOverride("terraform.backend.s3.use_lockfile", true);
        addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_CONSTRAINT);
    }

    /**
     * The provider for resources in {@code region}: null (the default provider) for the environment's region, else a
     * provider aliased by the region's name, created on first use with the same account pin and tags. Terraform
     * resources go to one region each, and RDS exports only to a bucket (with its key) in the snapshot's region.
     */
    public AwsProvider providerFor(String region) {
        if (region.equals(environment.region())) {
            return null;
        }
        return regionalProviders.computeIfAbsent(region, r -> provider("aws-" + r, r).alias(r).build());
    }

    private AwsProvider.Builder provider(String id, String region) {
        return AwsProvider.Builder.create(this, id)
                .region(region)
                // Refuses to touch any other account: deploying with the wrong credentials fails at plan time.
                .allowedAccountIds(List.of(accountId))
                .defaultTags(List.of(AwsProviderDefaultTags.builder()
                        .tags(Map.of("Project", "analysis-platform", "Environment", environment.name()))
                        .build()));
    }
}
