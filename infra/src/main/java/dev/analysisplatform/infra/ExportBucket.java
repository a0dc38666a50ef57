package dev.analysisplatform.infra;

import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.PlatformNames;
import dev.analysisplatform.environment.SourceDefinition;
import dev.analysisplatform.infra.common.SecureBucket;
import dev.analysisplatform.infra.common.Statement;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * The bucket exports land in: a {@link SecureBucket} encrypted with the export key, expiring old exports. Each
 * source account's export role may write only under the prefixes of its own sources.
 */
public final class ExportBucket extends Construct {

    /** What RDS needs on the bucket for an export (RDS user guide, "Exporting snapshot data to S3"). */
    public static final List<String> EXPORT_OBJECT_ACTIONS = List.of("s3:PutObject*", "s3:GetObject*", "s3:DeleteObject*");

    /**
     * How listing is limited to a source's own prefixes. ...IfExists: RDS's pre-flight check of the bucket may list
     * without a prefix (the StartExportTask reference asks for s3:ListBucket on the bucket, naming no prefix), and a
     * condition on an absent key would deny it; any listing that names a prefix must name the source's own.
     */
    public static final String LIST_CONDITION = "StringLikeIfExists";

    public final S3Bucket bucket;

    public ExportBucket(Construct scope, String id, EnvironmentDefinition environment, ExportKey key) {
        super(scope, id);
        bucket = new SecureBucket(this, "secure", environment.exportBucketName(), new SecureBucket.Options(
                key.key.getArn(), environment.exportPrefix() + "/", environment.exportRetentionDays(), false,
                sourceStatements(environment))).bucket;
    }

    private static List<Statement> sourceStatements(EnvironmentDefinition environment) {
        PlatformNames names = environment.names();
        String bucketArn = names.exportBucketArn();
        List<Statement> statements = new ArrayList<>();
        for (String account : environment.sourceAccountIds()) {
            List<String> prefixes = environment.sourcesIn(account).stream()
                    .map(SourceDefinition::name).map(names::sourcePrefix).toList();
            statements.add(exportRole(names, account, "SourceExportWrites" + account)
                    .actions(EXPORT_OBJECT_ACTIONS)
                    .resources(prefixes.stream().map(p -> bucketArn + "/" + p + "/*").toList()));
            statements.add(exportRole(names, account, "SourceExportLists" + account)
                    .actions("s3:ListBucket")
                    .resources(bucketArn)
                    .condition(LIST_CONDITION, "s3:prefix", listablePrefixes(prefixes)));
            statements.add(exportRole(names, account, "SourceExportLocates" + account)
                    .actions("s3:GetBucketLocation")
                    .resources(bucketArn));
        }
        return statements;
    }

    /** {@code s3:prefix} values that let an export role list its own prefixes and nothing else. */
    public static List<String> listablePrefixes(List<String> prefixes) {
        return prefixes.stream().flatMap(p -> java.util.stream.Stream.of(p, p + "/*")).toList();
    }

    private static Statement exportRole(PlatformNames names, String account, String sid) {
        return Statement.allow(sid)
                .principal("AWS", names.accountRootArn(account))
                .condition("ArnEquals", "aws:PrincipalArn", names.exportRoleArn(account));
    }
}
