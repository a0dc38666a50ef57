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
 * Source accounts' reader and export roles may use it (the actions AWS's export documentation lists), identified by
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

    static List<Statement> statements(EnvironmentDefinition environment, PlatformNames names, String region) {
        List<Statement> statements = new ArrayList<>();
        // Key policies must grant the owning account; without it the key becomes unmanageable.
        statements.add(Statement.allow("AnalyticsAccountAdministers")
                .actions("kms:*")
                .principal("AWS", names.accountRootArn(environment.analyticsAccountId()))
                .resources("*"));
        // Only the accounts with a source in this region: another region's snapshots cannot be exported with this key.
        // One statement for them all (KMS caps a key policy at 32 KB; per-account statements held about 40 accounts).
        List<String> accounts = environment.sourceAccountIdsIn(region).stream().map(names::accountRootArn).toList();
        if (!accounts.isEmpty()) {
            List<String> roles = List.of(names.anyAccountsReaderRoleArn(), names.anyAccountsExportRoleArn());
            statements.add(Statement.allow("SourceRolesExport")
                    .actions(CrossAccountExport.KEY_ACTIONS.stream().filter(a -> !a.equals(CrossAccountExport.GRANT_ACTION)).toList())
                    .principal("AWS", accounts)
                    .resources("*")
                    .condition("ArnLike", "aws:PrincipalArn", roles));
            // Grants only for an AWS service acting for the caller (RDS during StartExportTask), never to a
            // principal of the caller's choosing.
            statements.add(Statement.allow("SourceRolesExportGrant")
                    .actions(CrossAccountExport.GRANT_ACTION)
                    .principal("AWS", accounts)
                    .resources("*")
                    .condition("ArnLike", "aws:PrincipalArn", roles)
                    .condition("Bool", "kms:GrantIsForAWSResource", "true"));
        }
        return statements;
    }
}
