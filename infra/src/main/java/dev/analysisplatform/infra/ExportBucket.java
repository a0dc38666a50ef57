package dev.analysisplatform.infra;

import com.hashicorp.cdktf.TerraformProvider;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.cdktf.CrossAccountExport;
import dev.analysisplatform.cdktf.SecureBucket;
import dev.analysisplatform.cdktf.Statement;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * The bucket one region's exports land in: a {@link SecureBucket} encrypted with the export key, expiring old exports and old run
 * records (RunRecords). Each source account's export role may write only under the prefixes of its own sources.
 */
public final class ExportBucket extends Construct {

    public final S3Bucket bucket;

    /**
     * The bucket of {@code region}'s exports, made by {@code provider} (null: the stack's default, its own region). The
     * analytics region's also keeps the run records (RunRecords) and the configured sources.
     */
    public ExportBucket(Construct scope, String id, EnvironmentDefinition environment, String region, ExportKey key,
                        TerraformProvider provider) {
        super(scope, id);
        SecureBucket.Options options = new SecureBucket.Options(key.key.getArn(), environment.exportPrefix() + "/",
                environment.exportRetentionDays(), false, sourceStatements(environment, region));
        if (region.equals(environment.region())) {
            options = options.alsoExpiring(RunRecords.PREFIX + "/", RunRecords.RETENTION_DAYS);
        }
        bucket = new SecureBucket(this, "secure", environment.names().exportBucketName(region), options, provider).bucket;
    }

    /**
     * S3: "Bucket policies are limited to 20 KB in size" (Amazon S3 User Guide, bucket policies). Each source account
     * of the region adds its account root to two statements, whatever its number of sources (ExportBucketPolicySizeTest
     * measures how many fit): more would deploy nothing, so synth refuses it, with the size.
     */
    public static final int MAX_POLICY_CHARACTERS = 20 * 1024;

    /** Refuses an environment whose bucket policy in any of its regions would be over S3's 20 KB. */
    public static void checkPolicySize(EnvironmentDefinition environment) {
        for (String region : environment.exportRegions()) {
            List<Statement> statements = new ArrayList<>();
            statements.add(dev.analysisplatform.cdktf.Buckets.denyInsecureTransport(environment.names().exportBucketArn(region)));
            statements.addAll(sourceStatements(environment, region));
            int characters = dev.analysisplatform.cdktf.Policy.characters(statements);
            if (characters > MAX_POLICY_CHARACTERS) {
                throw new dev.analysisplatform.environment.InvalidEnvironmentException("environments/" + environment.name()
                        + ".json: sources: the export bucket's policy in " + region + " would have " + characters
                        + " characters, over the " + MAX_POLICY_CHARACTERS + " S3 allows a bucket policy: it names every "
                        + "source account of the region (" + environment.sourceAccountIdsIn(region).size()
                        + " accounts, " + environment.sourcesInRegion(region).size() + " sources in " + region
                        + "). Split the accounts into environments with their own namePrefix and bucket.");
            }
        }
    }

    /**
     * Two statements for every source account of the region: each may write and list only under its own folder
     * ({@code <exportPrefix>/<account>/}, by {@code ${aws:PrincipalAccount}}), as its export role. The accounts are
     * named as principals (a wildcard principal would make the policy public to S3's Block Public Access), the role by
     * an {@code ArnLike} on every account's role name; which sources an account exports is its export role's business
     * (its own policy, ExportRole), within its folder.
     */
    private static List<Statement> sourceStatements(EnvironmentDefinition environment, String region) {
        PlatformNames names = environment.names();
        List<String> accounts = environment.sourceAccountIdsIn(region).stream().map(names::accountRootArn).toList();
        if (accounts.isEmpty()) {
            return List.of();
        }
        String bucketArn = names.exportBucketArn(region);
        String folder = names.accountFolderPattern();
        return List.of(
                exportRoles(names, accounts, "SourceAccountsWriteOwnFolder")
                        .actions(CrossAccountExport.OBJECT_ACTIONS)
                        .resources(bucketArn + "/" + folder + "/*"),
                exportRoles(names, accounts, "SourceAccountsListOwnFolder")
                        .actions("s3:ListBucket", "s3:GetBucketLocation")
                        .resources(bucketArn)
                        .condition(CrossAccountExport.LIST_CONDITION, "s3:prefix",
                                CrossAccountExport.listablePrefixes(List.of(folder))));
    }

    private static Statement exportRoles(PlatformNames names, List<String> accounts, String sid) {
        return Statement.allow(sid)
                .principal("AWS", accounts)
                .condition("ArnLike", "aws:PrincipalArn", names.anyAccountsExportRoleArn());
    }
}
