package dev.analysisplatform.environment;

import java.util.List;

/**
 * One database to export: where it lives and which snapshots count. Exactly one of
 * {@code dbClusterIdentifier} and {@code dbInstanceIdentifier} is set; {@code externalId} may be null; a null
 * {@code region} is the analytics region ({@link EnvironmentDefinition#regionOf}).
 */
public record SourceDefinition(
        String name,
        String accountId,
        String dbClusterIdentifier,
        String dbInstanceIdentifier,
        List<String> snapshotTypes,
        List<String> exportOnly,
        String externalId,
        int maxSnapshotAgeHours,
        String region) {

    public SourceDefinition {
        snapshotTypes = List.copyOf(snapshotTypes);
        exportOnly = List.copyOf(exportOnly);
    }

    public boolean isCluster() {
        return dbClusterIdentifier != null;
    }

    public String databaseIdentifier() {
        return isCluster() ? dbClusterIdentifier : dbInstanceIdentifier;
    }

    /** ARN of the cluster or instance, which is what RDS snapshot and export permissions are scoped to. */
    public String databaseArn(String partition, String region) {
        return "arn:" + partition + ":rds:" + region + ":" + accountId + (isCluster() ? ":cluster:" : ":db:")
                + databaseIdentifier();
    }
}
