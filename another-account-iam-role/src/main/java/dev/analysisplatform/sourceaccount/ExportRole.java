package dev.analysisplatform.sourceaccount;

import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.environment.SourceDefinition;
import dev.analysisplatform.cdktf.CrossAccountExport;
import dev.analysisplatform.cdktf.Policy;
import dev.analysisplatform.cdktf.Statement;
import java.util.List;
import java.util.stream.Stream;
import software.constructs.Construct;

/**
 * The role RDS itself assumes to write an export: trusted only by the RDS export service acting for this
 * account, writing only under this account's folder of each region's export bucket, with the KMS actions
 * the export needs on the analytics account's export key (found by its alias, since its id is random).
 */
public final class ExportRole extends Construct {

    public static final String RDS_EXPORT_SERVICE = "export.rds.amazonaws.com";

    public final IamRole role;

    public ExportRole(Construct scope, String id, EnvironmentDefinition environment, String accountId) {
        super(scope, id);
        PlatformNames names = environment.names();
        List<SourceDefinition> sources = environment.sourcesIn(accountId);
        // This account's folder (what the bucket policy admits it to: one entry, whatever its number of sources), and
        // (until every analytics stack runs a version that writes there) each source's folder from before the account
        // segment, so this stack may be deployed before the analytics one.
        String folder = names.accountFolder(accountId);
        List<String> legacy = sources.stream().map(SourceDefinition::name).map(names::legacySourcePrefix).toList();
        List<String> prefixes = Stream.concat(Stream.of(folder), legacy.stream()).toList();
        // Each source's region has its bucket (RDS exports only within a region) and key.
        List<String> regions = sources.stream().map(environment::regionOf).distinct().toList();
        List<String> buckets = regions.stream().map(names::exportBucketArn).toList();
        List<String> keys = regions.stream().map(names::analyticsKeyArnPattern).toList();
        List<String> writable = new java.util.ArrayList<>(buckets.stream().map(b -> b + "/" + folder + "/*").toList());
        sources.forEach(source -> writable.add(names.exportBucketArn(environment.regionOf(source)) + "/"
                + names.legacySourcePrefix(source.name()) + "/*"));
        role = IamRole.Builder.create(this, "role")
                .name(names.exportRoleName())
                .description("Used by RDS to write analysis-platform " + environment.name() + " exports to S3")
                .assumeRolePolicy(Policy.serviceTrust(this, "trust", RDS_EXPORT_SERVICE, accountId))
                .build();
        Policy.inline(this, "permissions", role.getId(), "write-exports",
                Statement.allow("WriteOwnPrefixes")
                        .actions(CrossAccountExport.OBJECT_ACTIONS)
                        .resources(writable),
                Statement.allow("ListOwnPrefixes")
                        .actions("s3:ListBucket")
                        .resources(buckets)
                        .condition(CrossAccountExport.LIST_CONDITION, "s3:prefix", CrossAccountExport.listablePrefixes(prefixes)),
                Statement.allow("LocateBucket")
                        .actions("s3:GetBucketLocation")
                        .resources(buckets),
                Statement.allow("UseExportKey")
                        .actions(CrossAccountExport.KEY_ACTIONS.stream().filter(a -> !a.equals("kms:CreateGrant")).toList())
                        .resources(keys)
                        .condition("ForAnyValue:StringEquals", "kms:ResourceAliases", names.keyAliasName()),
                Statement.allow("GrantExportKeyToAws")
                        .actions("kms:CreateGrant")
                        .resources(keys)
                        .condition("ForAnyValue:StringEquals", "kms:ResourceAliases", names.keyAliasName())
                        .condition("Bool", "kms:GrantIsForAWSResource", "true"));
    }
}
