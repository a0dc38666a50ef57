package dev.analysisplatform.export;

/**
 * The database whose snapshots are exported: an Aurora cluster or an RDS instance. The two kinds use
 * different RDS APIs and ARN forms ({@code cluster-snapshot:} vs {@code snapshot:}); keeping them as
 * distinct types is what prevents {@code DBSnapshotNotFound} from a cluster ARN passed as an instance one.
 */
public sealed interface DatabaseTarget {

    String identifier();

    /** Human wording for messages, e.g. {@code DB cluster 'orders'}. */
    String describe();

    record Cluster(String identifier) implements DatabaseTarget {
        @Override
        public String describe() {
            return "DB cluster '" + identifier + "'";
        }
    }

    record Instance(String identifier) implements DatabaseTarget {
        @Override
        public String describe() {
            return "DB instance '" + identifier + "'";
        }
    }
}
