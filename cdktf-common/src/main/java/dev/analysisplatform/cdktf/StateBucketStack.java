package dev.analysisplatform.cdktf;

import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import dev.analysisplatform.environment.EnvironmentDefinition;
import java.util.List;
import software.constructs.Construct;

/**
 * The one-command bootstrap ({@code npx cdktf deploy <stack>-state}): the Terraform state bucket of one
 * account. Its own state is local (there is nowhere else to keep it yet), in {@code stateDirectory} under the stack's
 * id, so each account's bootstrap keeps its own file and no synth removes it; it is never needed again: the bucket
 * is protected from destroy and the other stacks only need its name, which is deterministic.
 */
public final class StateBucketStack extends TerraformStack {

    /** The id of the bootstrap stack for the platform stack {@code stackId}. */
    public static String idFor(String stackId) {
        return stackId + "-state";
    }

    public StateBucketStack(Construct scope, String id, EnvironmentDefinition environment, String accountId,
                            java.nio.file.Path stateDirectory) {
        super(scope, id);
        new LocalBackend(this, com.hashicorp.cdktf.LocalBackendConfig.builder()
                .path(stateDirectory.toAbsolutePath().resolve(id + ".tfstate").toString()).build());
        AwsProvider.Builder.create(this, "aws")
                .region(environment.region())
                .allowedAccountIds(List.of(accountId))
                .build();
        addOverride("terraform.required_providers.aws.version", AwsAccountStack.AWS_PROVIDER_CONSTRAINT);

        S3Bucket bucket = new SecureBucket(this, "state", environment.names().stateBucketName(accountId),
                new SecureBucket.Options(null, null, null, true, List.of())).bucket;
        TerraformOutput.Builder.create(this, "state_bucket").value(bucket.getBucket()).build();
    }
}
