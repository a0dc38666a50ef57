package dev.analysisplatform.sourceaccount;

import com.hashicorp.cdktf.TerraformOutput;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.cdktf.AwsAccountStack;
import software.constructs.Construct;

/** The roles one source account needs, for one environment: {@code npx cdktf deploy <env>} in that account. */
public final class SourceAccountStack extends AwsAccountStack {

    public static final String STATE_KEY = "analysis-platform/source-account.tfstate";

    /** {@code <env>-<account>}: what a user deploys in that source account ({@code npx cdktf deploy dev-222222222222}). */
    public static String idFor(EnvironmentDefinition environment, String accountId) {
        return environment.name() + "-" + accountId;
    }

    public final ExportRole exportRole;
    public final SnapshotReaderRole readerRole;
    /** Null when {@code startOn} leaves snapshot events out. */
    public final SnapshotEventForwarding snapshotEvents;

    public SourceAccountStack(Construct scope, String id, EnvironmentDefinition environment, String accountId) {
        super(scope, id, environment, accountId, STATE_KEY);
        if (environment.sourcesIn(accountId).isEmpty()) {
            throw new IllegalArgumentException("environments/" + environment.name() + ".json has no source in account "
                    + accountId);
        }
        exportRole = new ExportRole(this, "export-role", environment, accountId);
        readerRole = new SnapshotReaderRole(this, "snapshot-reader-role", environment, accountId, exportRole);
        snapshotEvents = environment.startsOnSnapshot()
                ? new SnapshotEventForwarding(this, "snapshot-events", environment, accountId, this::providerFor) : null;
        TerraformOutput.Builder.create(this, "snapshot_reader_role_arn").value(readerRole.role.getArn()).build();
        TerraformOutput.Builder.create(this, "export_role_arn").value(exportRole.role.getArn()).build();
    }
}
