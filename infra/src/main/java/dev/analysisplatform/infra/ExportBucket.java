package dev.analysisplatform.infra;

import com.hashicorp.cdktf.TerraformProvider;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.environment.SourceDefinition;
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
     * adds three statements naming its sources' prefixes (about 1,150 characters, and about 110 more per source), so
     * an environment has room for about 16 source accounts with one source each, 8 with five
     * (ExportBucketPolicySizeTest): more would deploy nothing, so synth refuses it, with the size.
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
                        + "source account's export role and prefixes (" + environment.sourceAccountIdsIn(region).size()
                        + " accounts, " + environment.sourcesInRegion(region).size() + " sources in " + region
                        + "). Split the accounts into environments with their own namePrefix and bucket.");
            }
        }
    }

    private static List<Statement> sourceStatements(EnvironmentDefinition environment, String region) {
        PlatformNames names = environment.names();
        String bucketArn = names.exportBucketArn(region);
        List<Statement> statements = new ArrayList<>();
        for (String account : environment.sourceAccountIdsIn(region)) {
            List<String> prefixes = environment.sourcesInRegion(region).stream()
                    .filter(s -> s.accountId().equals(account))
                    .map(SourceDefinition::name).map(names::sourcePrefix).toList();
            statements.add(exportRole(names, account, "SourceExportWrites" + account)
                    .actions(CrossAccountExport.OBJECT_ACTIONS)
                    .resources(prefixes.stream().map(p -> bucketArn + "/" + p + "/*").toList()));
            statements.add(exportRole(names, account, "SourceExportLists" + account)
                    .actions("s3:ListBucket")
                    .resources(bucketArn)
                    .condition(CrossAccountExport.LIST_CONDITION, "s3:prefix", CrossAccountExport.listablePrefixes(prefixes)));
            statements.add(exportRole(names, account, "SourceExportLocates" + account)
                    .actions("s3:GetBucketLocation")
                    .resources(bucketArn));
        }
        return statements;
    }

    private static Statement exportRole(PlatformNames names, String account, String sid) {
        return Statement.allow(sid)
                .principal("AWS", names.accountRootArn(account))
                .condition("ArnEquals", "aws:PrincipalArn", names.exportRoleArn(account));
    }
}
