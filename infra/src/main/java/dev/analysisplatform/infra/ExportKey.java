package dev.analysisplatform.infra;

import dev.analysisplatform.cdktf.CrossAccountExport;
import com.hashicorp.cdktf.TerraformProvider;
import com.hashicorp.cdktf.providers.aws.kms_alias.KmsAlias;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.cdktf.Policy;
import dev.analysisplatform.cdktf.Statement;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * The customer-managed KMS key that encrypts one region's exports: its bucket's default key and the key RDS exports
 * with (RDS needs the key in the snapshot's region, as the bucket).
 * Source accounts' roles may use it (the actions AWS's export documentation lists), identified by
 * {@code aws:PrincipalArn} so the key can be created before those roles exist.
 */
public final class ExportKey extends Construct {

    static final int DELETION_WINDOW_DAYS = 30;

    public final KmsKey key;
    public final KmsAlias alias;

    /** The key of {@code region}'s exports, made by {@code provider} (null: the stack's default, its own region). */
    public ExportKey(Construct scope, String id, EnvironmentDefinition environment, String region,
                     TerraformProvider provider) {
        super(scope, id);
        PlatformNames names = environment.names();
        key = KmsKey.Builder.create(this, "key")
                .provider(provider)
                .description("analysis-platform " + environment.name() + ": RDS snapshot exports"
                        + (provider == null ? "" : " in " + region))
                .enableKeyRotation(true)
                .deletionWindowInDays(DELETION_WINDOW_DAYS)
                .policy(Policy.json(this, "policy", statements(environment, names, region)))
                .build();
        // The same alias in every region (aliases are regional): the export roles find each region's key by it.
        alias = KmsAlias.Builder.create(this, "alias")
                .provider(provider)
                .name(names.keyAliasName())
                .targetKeyId(key.getKeyId())
                .build();
    }

    private static List<Statement> statements(EnvironmentDefinition environment, PlatformNames names, String region) {
        List<Statement> statements = new ArrayList<>();
        // Key policies must grant the owning account; without it the key becomes unmanageable.
        statements.add(Statement.allow("AnalyticsAccountAdministers")
                .actions("kms:*")
                .principal("AWS", names.accountRootArn(environment.analyticsAccountId()))
                .resources("*"));
        // Only the accounts with a source in this region: another region's snapshots cannot be exported with this key.
        for (String account : environment.sourceAccountIdsIn(region)) {
            statements.add(Statement.allow("SourceRolesExport" + account)
                    .actions(CrossAccountExport.KEY_ACTIONS.stream().filter(a -> !a.equals(CrossAccountExport.GRANT_ACTION)).toList())
                    .principal("AWS", names.accountRootArn(account))
                    .resources("*")
                    .condition("ArnEquals", "aws:PrincipalArn",
                            names.readerRoleArn(account), names.exportRoleArn(account)));
            // Grants only for an AWS service acting for the caller (RDS during StartExportTask), never to a
            // principal of the caller's choosing.
            statements.add(Statement.allow("SourceRolesExportGrant" + account)
                    .actions(CrossAccountExport.GRANT_ACTION)
                    .principal("AWS", names.accountRootArn(account))
                    .resources("*")
                    .condition("ArnEquals", "aws:PrincipalArn",
                            names.readerRoleArn(account), names.exportRoleArn(account))
                    .condition("Bool", "kms:GrantIsForAWSResource", "true"));
        }
        return statements;
    }
}
