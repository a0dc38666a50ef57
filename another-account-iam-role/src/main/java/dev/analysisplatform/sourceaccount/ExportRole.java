package dev.analysisplatform.sourceaccount;

import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.environment.SourceDefinition;
import dev.analysisplatform.cdktf.CrossAccountExport;
import dev.analysisplatform.cdktf.Policy;
import dev.analysisplatform.cdktf.Statement;
import java.util.List;
import software.constructs.Construct;

/**
 * The role RDS itself assumes to write an export: trusted only by the RDS export service acting for this
 * account, writing only under this account's sources' prefixes of the analytics bucket, with the KMS actions
 * the export needs on the analytics account's export key (found by its alias, since its id is random).
 */
public final class ExportRole extends Construct {

    public static final String RDS_EXPORT_SERVICE = "export.rds.amazonaws.com";

    public final IamRole role;

    public ExportRole(Construct scope, String id, EnvironmentDefinition environment, String accountId) {
        super(scope, id);
        PlatformNames names = environment.names();
        List<String> prefixes = environment.sourcesIn(accountId).stream()
                .map(SourceDefinition::name).map(names::sourcePrefix).toList();
        role = IamRole.Builder.create(this, "role")
                .name(names.exportRoleName())
                .description("Used by RDS to write analysis-platform " + environment.name() + " exports to S3")
                .assumeRolePolicy(Policy.serviceTrust(this, "trust", RDS_EXPORT_SERVICE, accountId))
                .build();
        String bucketArn = names.exportBucketArn();
        Policy.inline(this, "permissions", role.getId(), "write-exports",
                Statement.allow("WriteOwnPrefixes")
                        .actions(CrossAccountExport.OBJECT_ACTIONS)
                        .resources(prefixes.stream().map(p -> bucketArn + "/" + p + "/*").toList()),
                Statement.allow("ListOwnPrefixes")
                        .actions("s3:ListBucket")
                        .resources(bucketArn)
                        .condition(CrossAccountExport.LIST_CONDITION, "s3:prefix", CrossAccountExport.listablePrefixes(prefixes)),
                Statement.allow("LocateBucket")
                        .actions("s3:GetBucketLocation")
                        .resources(bucketArn),
                Statement.allow("UseExportKey")
                        .actions(CrossAccountExport.KEY_ACTIONS.stream().filter(a -> !a.equals("kms:CreateGrant")).toList())
                        .resources(names.analyticsKeyArnPattern())
                        .condition("ForAnyValue:StringEquals", "kms:ResourceAliases", names.keyAliasName()),
                Statement.allow("GrantExportKeyToAws")
                        .actions("kms:CreateGrant")
                        .resources(names.analyticsKeyArnPattern())
                        .condition("ForAnyValue:StringEquals", "kms:ResourceAliases", names.keyAliasName())
                        .condition("Bool", "kms:GrantIsForAWSResource", "true"));
    }
}
