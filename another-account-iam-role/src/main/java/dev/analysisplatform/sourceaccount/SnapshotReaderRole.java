package dev.analysisplatform.sourceaccount;

import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.contract.ValueRules;
import dev.analysisplatform.environment.SourceDefinition;
import dev.analysisplatform.cdktf.Policy;
import dev.analysisplatform.cdktf.Statement;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * The role the analytics account's exporter assumes in this account. Trust goes to the analytics account
 * root narrowed by {@code aws:PrincipalArn} to the exporter role's (deterministic) ARN, so this stack deploys
 * before or after the analytics stack. It may read this account's configured snapshots, run exports, and pass
 * the export role to RDS only.
 */
public final class SnapshotReaderRole extends Construct {

    /** The timestamp RDS appends to an automated snapshot's name: -yyyy-mm-dd-hh-mm. */
    static final String AUTOMATED_SUFFIX = "-????-??-??-??-??";

    /**
     * The ARNs of a source's snapshots of one type. RDS names automated snapshots {@code rds:<db identifier>-<time>},
     * so those are narrowed to the configured database; manual and AWS Backup snapshot names are free, so for them
     * this account's snapshots of that kind, and for shared ones any account's, each narrowed further by the
     * {@link PlatformNames#DATABASE_TAG} condition.
     */
    static String snapshotArnPattern(EnvironmentDefinition environment, String accountId, SourceDefinition source,
                                     String type) {
        String kind = source.isCluster() ? ":cluster-snapshot:" : ":snapshot:";
        String prefix = "arn:" + environment.partition() + ":rds:" + environment.regionOf(source) + ":";
        return switch (type) {
            // RDS names them rds:<db>-yyyy-mm-dd-hh-mm: the exact form, so rds:<db>-* cannot also match a database
            // whose identifier merely starts with <db>- (orders-aurora-archive). IAM's ? matches one character.
            case ValueRules.AUTOMATED -> prefix + accountId + kind + "rds:" + source.databaseIdentifier().toLowerCase(java.util.Locale.ROOT)
                    + AUTOMATED_SUFFIX;
            case "awsbackup" -> prefix + accountId + kind + "awsbackup:*";
            case "shared" -> prefix + "*" + kind + "*";
            default -> prefix + accountId + kind + "*";
        };
    }

    public final IamRole role;

    public SnapshotReaderRole(Construct scope, String id, EnvironmentDefinition environment, String accountId,
                              ExportRole exportRole) {
        super(scope, id);
        PlatformNames names = environment.names();
        List<SourceDefinition> sources = environment.sourcesIn(accountId);
        role = IamRole.Builder.create(this, "role")
                .name(names.readerRoleName())
                .description("Assumed by analysis-platform " + environment.name() + " to export RDS snapshots")
                .maxSessionDuration(3600)
                .assumeRolePolicy(Policy.json(this, "trust", trust(names, environment, sources)))
                .build();
        Policy.inline(this, "permissions", role.getId(), "export-configured-snapshots",
                permissions(environment, names, accountId, sources, exportRole));
    }

    private static Statement trust(PlatformNames names, EnvironmentDefinition environment, List<SourceDefinition> sources) {
        Statement trust = Statement.allow("AnalyticsExporterAssumes")
                .actions("sts:AssumeRole")
                .principal("AWS", names.accountRootArn(environment.analyticsAccountId()))
                .condition("ArnEquals", "aws:PrincipalArn", names.exporterRoleArn());
        String externalId = sources.get(0).externalId();
        if (externalId != null) {
            trust.condition("StringEquals", "sts:ExternalId", externalId);
        }
        return trust;
    }

    private static List<Statement> permissions(EnvironmentDefinition environment, PlatformNames names, String accountId,
                                               List<SourceDefinition> sources, ExportRole exportRole) {
        List<Statement> statements = new ArrayList<>();
        // Each database in its own region: the role may list and export there, and use that region's export key.
        List<SourceDefinition> clusters = sources.stream().filter(SourceDefinition::isCluster).toList();
        List<SourceDefinition> instances = sources.stream().filter(s -> !s.isCluster()).toList();
        if (!clusters.isEmpty()) {
            statements.add(Statement.allow("ListClusterSnapshots").actions("rds:DescribeDBClusterSnapshots")
                    .resources(listable(environment, accountId, clusters, ":cluster-snapshot:*")));
        }
        if (!instances.isEmpty()) {
            statements.add(Statement.allow("ListInstanceSnapshots").actions("rds:DescribeDBSnapshots")
                    .resources(listable(environment, accountId, instances, ":snapshot:*")));
        }
        List<String> keys = sources.stream().map(environment::regionOf).distinct().map(names::analyticsKeyArnPattern).toList();
        // The Service Authorization Reference gives rds:StartExportTask the resource types cluster, cluster-snapshot
        // and snapshot: only the configured databases' snapshots, never a live cluster. Automated ones by name.
        List<String> automated = sources.stream().filter(source -> source.snapshotTypes().contains(ValueRules.AUTOMATED))
                .map(source -> snapshotArnPattern(environment, accountId, source, ValueRules.AUTOMATED)).distinct().toList();
        if (!automated.isEmpty()) {
            statements.add(Statement.allow("ExportConfiguredSnapshots").actions("rds:StartExportTask").resources(automated));
        }
        // Manual, shared and AWS Backup snapshots have free names: each database's only when tagged with its
        // identifier (both snapshot resource types take aws:ResourceTag, Service Authorization Reference).
        for (int i = 0; i < sources.size(); i++) {
            SourceDefinition source = sources.get(i);
            List<String> tagged = source.snapshotTypes().stream().filter(type -> !type.equals(ValueRules.AUTOMATED))
                    .map(type -> snapshotArnPattern(environment, accountId, source, type)).distinct().toList();
            if (!tagged.isEmpty()) {
                statements.add(Statement.allow("ExportTaggedSnapshots" + i).actions("rds:StartExportTask")
                        .resources(tagged)
                        .condition("StringEqualsIgnoreCase", "aws:ResourceTag/" + PlatformNames.DATABASE_TAG,
                                source.databaseIdentifier()));
            }
        }
        statements.add(Statement.allow("FindExportTasks").actions("rds:DescribeExportTasks").resources("*"));
        // No iam:PassedToService condition: AWS documents no value RDS sends for exports, and the role passed trusts
        // only export.rds.amazonaws.com, so passing it to anything else would be useless anyway.
        statements.add(Statement.allow("PassExportRoleToRds")
                .actions("iam:PassRole")
                .resources(names.exportRoleArn(accountId)));
        // The caller of StartExportTask lets RDS use the analytics account's key through a grant, and only RDS.
        statements.add(Statement.allow("DescribeExportKey")
                .actions("kms:DescribeKey")
                .resources(keys)
                .condition("ForAnyValue:StringEquals", "kms:ResourceAliases", names.keyAliasName()));
        statements.add(Statement.allow("GrantExportKeyToRds")
                .actions("kms:CreateGrant")
                .resources(keys)
                .condition("ForAnyValue:StringEquals", "kms:ResourceAliases", names.keyAliasName())
                .condition("Bool", "kms:GrantIsForAWSResource", "true"));
        return statements;
    }

    /** The databases themselves, then every snapshot of the kind in each of their regions. */
    private static List<String> listable(EnvironmentDefinition environment, String accountId, List<SourceDefinition> sources,
                                         String snapshots) {
        List<String> resources = new ArrayList<>(sources.stream()
                .map(s -> s.databaseArn(environment.partition(), environment.regionOf(s))).toList());
        sources.stream().map(environment::regionOf).distinct().forEach(region -> resources.add(
                "arn:" + environment.partition() + ":rds:" + region + ":" + accountId + snapshots));
        return resources;
    }
}
