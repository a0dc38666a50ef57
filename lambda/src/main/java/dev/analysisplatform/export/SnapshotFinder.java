package dev.analysisplatform.export;

import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.export.errors.InvalidInputException;
import dev.analysisplatform.export.errors.NoSnapshotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Lists a cluster's or instance's snapshots (all pages, filtered server-side by identifier and type) and
 * picks the one to export.
 */
final class SnapshotFinder {

    static final int PAGE_SIZE = 100;

    /** The newest snapshot in status {@code available}; ties on creation time are broken by identifier. */
    static Snapshot newestAvailable(List<Snapshot> all, DatabaseTarget target, List<String> types) {
        long untagged = all.stream().filter(s -> !s.belongsTo(target)).count();
        return all.stream()
                .filter(Snapshot::isAvailable)
                .filter(s -> s.belongsTo(target))
                .max(Snapshot.NEWEST_LAST)
                .orElseThrow(() -> new NoSnapshotFoundException("No available snapshot of " + target.describe()
                        + " with type " + String.join(" or ", types) + ": saw " + all.size() + " snapshot(s)"
                        + (all.isEmpty() ? "" : " with status " + countByStatus(all))
                        + (untagged == 0 ? "" : ", " + untagged + " of them " + untaggedHint(target))
                        + ". Check the identifier, the snapshot types, and that backups are enabled."));
    }

    private static String untaggedHint(DatabaseTarget target) {
        return "manual, shared or AWS Backup snapshots without the tag " + PlatformNames.DATABASE_TAG + "="
                + target.identifier() + " (only tagged ones are exported: tag the database and enable "
                + "CopyTagsToSnapshot, or tag the snapshot)";
    }

    /** A named snapshot, which must belong to {@code target} and be available. */
    Snapshot named(RdsClient rds, DatabaseTarget target, String snapshotIdentifier) {
        List<Snapshot> found;
        try {
            found = describeNamed(rds, target, snapshotIdentifier);
        } catch (DbClusterSnapshotNotFoundException | DbSnapshotNotFoundException e) {
            // RDS answers an unknown identifier with an error rather than an empty list.
            found = List.of();
        }
        if (found.isEmpty()) {
            throw new InvalidInputException("Input field '" + ExportRequestParser.SNAPSHOT_IDENTIFIER + "' names snapshot '"
                    + snapshotIdentifier + "', but " + target.describe()
                    + " has no such snapshot (or it is not visible to the source role).");
        }
        Snapshot snapshot = found.get(0);
        if (!snapshot.belongsTo(target)) {
            throw new InvalidInputException("Input field '" + ExportRequestParser.SNAPSHOT_IDENTIFIER + "' names snapshot '"
                    + snapshotIdentifier + "', one of the " + untaggedHint(target) + ".");
        }
        if (!snapshot.isAvailable()) {
            throw new NoSnapshotFoundException("Snapshot '" + snapshotIdentifier + "' of " + target.describe()
                    + " is '" + snapshot.status() + "', not 'available'; it can be exported once it is.");
        }
        return snapshot;
    }

    private static List<Snapshot> describeNamed(RdsClient rds, DatabaseTarget target, String snapshotIdentifier) {
        boolean automated = snapshotIdentifier.contains("rds:");
        boolean shared = snapshotIdentifier.startsWith("arn:");
        return target instanceof DatabaseTarget.Cluster
                ? clusterSnapshots(rds, DescribeDbClusterSnapshotsRequest.builder()
                        .dbClusterSnapshotIdentifier(snapshotIdentifier)
                        .snapshotType(automated ? "automated" : null)
                        .includeShared(shared)
                        .maxRecords(PAGE_SIZE)
                        .build(), target.identifier())
                : instanceSnapshots(rds, DescribeDbSnapshotsRequest.builder()
                        .dbSnapshotIdentifier(snapshotIdentifier)
                        .snapshotType(automated ? "automated" : null)
                        .includeShared(shared)
                        .maxRecords(PAGE_SIZE)
                        .build(), target.identifier());
    }

    List<Snapshot> list(RdsClient rds, DatabaseTarget target, List<String> types) {
        List<Filter> filters = List.of(Filter.builder().name("snapshot-type").values(types).build());
        boolean shared = types.contains("shared");
        if (target instanceof DatabaseTarget.Cluster) {
            return clusterSnapshots(rds, DescribeDbClusterSnapshotsRequest.builder()
                    .dbClusterIdentifier(target.identifier())
                    .filters(filters)
                    .includeShared(shared)
                    .maxRecords(PAGE_SIZE)
                    .build(), target.identifier());
        }
        return instanceSnapshots(rds, DescribeDbSnapshotsRequest.builder()
                .dbInstanceIdentifier(target.identifier())
                .filters(filters)
                .includeShared(shared)
                .maxRecords(PAGE_SIZE)
                .build(), target.identifier());
    }

    private static List<Snapshot> clusterSnapshots(RdsClient rds, DescribeDbClusterSnapshotsRequest request, String clusterId) {
        List<Snapshot> result = new ArrayList<>();
        for (DBClusterSnapshot s : rds.describeDBClusterSnapshotsPaginator(request).dbClusterSnapshots()) {
            // Server-side filters are trusted, but a snapshot of another cluster must never be exported.
            if (clusterId.equalsIgnoreCase(s.dbClusterIdentifier())) {
                result.add(new Snapshot(s.dbClusterSnapshotIdentifier(), s.dbClusterSnapshotArn(), s.status(),
                        s.snapshotType(), s.snapshotCreateTime(), databaseTag(s.tagList())));
            }
        }
        return result;
    }

    private static List<Snapshot> instanceSnapshots(RdsClient rds, DescribeDbSnapshotsRequest request, String instanceId) {
        List<Snapshot> result = new ArrayList<>();
        for (DBSnapshot s : rds.describeDBSnapshotsPaginator(request).dbSnapshots()) {
            if (instanceId.equalsIgnoreCase(s.dbInstanceIdentifier())) {
                result.add(new Snapshot(s.dbSnapshotIdentifier(), s.dbSnapshotArn(), s.status(),
                        s.snapshotType(), s.snapshotCreateTime(), databaseTag(s.tagList())));
            }
        }
        return result;
    }

    /** The {@link PlatformNames#DATABASE_TAG} value among a snapshot's tags (DescribeDB*Snapshots returns them). */
    private static String databaseTag(List<Tag> tags) {
        return tags.stream().filter(t -> PlatformNames.DATABASE_TAG.equals(t.key())).map(Tag::value).findFirst()
                .orElse(null);
    }

    private static Map<String, Integer> countByStatus(List<Snapshot> snapshots) {
        Map<String, Integer> counts = new TreeMap<>();
        snapshots.forEach(s -> counts.merge(String.valueOf(s.status()), 1, Integer::sum));
        return counts;
    }
}
