package dev.analysisplatform.infra;

import com.hashicorp.cdktf.providers.aws.iam_policy.IamPolicy;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.cdktf.Policy;
import dev.analysisplatform.cdktf.Statement;
import java.util.List;
import software.constructs.Construct;

/**
 * Managed policy {@code <prefix>-analyst}: what a person needs to query the exports in the workgroup, and nothing
 * more. Attach it to your analysts' roles or groups (the stack creates no users). Read-only on the catalog and the
 * exports; read-write only on query results; the export key to decrypt exports and to encrypt results.
 */
public final class AnalystPolicy extends Construct {

    /** Running and reading queries in the workgroup (Athena's "Identity-based policy" examples for a workgroup). */
    static final List<String> ATHENA_ACTIONS = List.of("athena:StartQueryExecution", "athena:StopQueryExecution",
            "athena:GetQueryExecution", "athena:GetQueryResults", "athena:GetQueryResultsStream",
            "athena:ListQueryExecutions", "athena:BatchGetQueryExecution", "athena:GetWorkGroup",
            // The console's saved queries, kept in the workgroup.
            "athena:CreateNamedQuery", "athena:GetNamedQuery", "athena:BatchGetNamedQuery", "athena:ListNamedQueries",
            "athena:DeleteNamedQuery");
    /**
     * What the Athena console lists before a query can be typed (AWS's workgroup example policy grants them on "*":
     * they name no workgroup). Without them the console shows an error instead of the workgroup.
     */
    static final List<String> CONSOLE_LIST_ACTIONS = List.of("athena:ListWorkGroups", "athena:ListEngineVersions",
            "athena:ListDataCatalogs");
    /** The console's database and table browser, on the account's Glue-backed catalog only. */
    static final List<String> CONSOLE_CATALOG_ACTIONS = List.of("athena:GetDataCatalog", "athena:ListDatabases",
            "athena:GetDatabase", "athena:ListTableMetadata", "athena:GetTableMetadata");
    /** Reading table definitions: what Athena asks of Glue when it plans a query. */
    static final List<String> GLUE_READ_ACTIONS = List.of("glue:GetDatabase", "glue:GetDatabases", "glue:GetTable",
            "glue:GetTables", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition");
    static final List<String> RESULT_ACTIONS = List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts");

    public final IamPolicy policy;

    public AnalystPolicy(Construct scope, String id, EnvironmentDefinition environment, List<ExportRegion> regions,
                         QueryWorkgroup queries) {
        super(scope, id);
        PlatformNames names = environment.names();
        String account = environment.analyticsAccountId();
        String scopeArn = environment.region() + ":" + account + ":";
        String partition = "arn:" + environment.partition() + ":";
        // Athena reads every region's bucket from the analytics region (S3 charges the transfer between regions).
        List<String> exports = regions.stream().map(r -> r.bucket().bucket.getArn()).toList();
        String results = queries.results.getArn();
        policy = IamPolicy.Builder.create(this, "policy")
                .name(names.analystPolicyName())
                .description("analysis-platform " + environment.name() + ": query the exports in Athena workgroup "
                        + names.athenaWorkgroupName())
                .policy(Policy.json(this, "document",
                        Statement.allow("QueryInWorkgroup").actions(ATHENA_ACTIONS)
                                .resources(partition + "athena:" + scopeArn + "workgroup/" + names.athenaWorkgroupName()),
                        Statement.allow("OpenAthenaConsole").actions(CONSOLE_LIST_ACTIONS).resources("*"),
                        Statement.allow("BrowseCatalogInConsole").actions(CONSOLE_CATALOG_ACTIONS)
                                .resources(partition + "athena:" + scopeArn + "datacatalog/AwsDataCatalog"),
                        Statement.allow("ReadCatalog").actions(GLUE_READ_ACTIONS)
                                .resources(ExportCatalog.resourceArns(environment)),
                        Statement.allow("ReadExports").actions("s3:GetObject")
                                .resources(exports.stream().map(b -> b + "/" + environment.exportPrefix() + "/*").toList()),
                        Statement.allow("ListExports").actions("s3:ListBucket", "s3:GetBucketLocation")
                                .resources(exports),
                        Statement.allow("WriteAndReadResults").actions(RESULT_ACTIONS).resources(results + "/results/*"),
                        Statement.allow("ListResults").actions("s3:ListBucket", "s3:GetBucketLocation").resources(results),
                        Statement.allow("UseExportKey").actions("kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey")
                                .resources(regions.stream().map(r -> r.key().key.getArn()).toList())))
                .build();
    }
}
