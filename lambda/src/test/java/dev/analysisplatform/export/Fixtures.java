package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.JsonInput;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.services.rds.RdsClient;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/** Shared values for unit tests; documentation-style placeholder accounts only. */
final class Fixtures {

    static final String ANALYTICS_ACCOUNT = "111111111111";
    static final String SOURCE_ACCOUNT = "222222222222";
    static final String BUCKET = "example-analytics-exports";
    static final String KMS_KEY_ARN = "arn:aws:kms:eu-west-1:" + ANALYTICS_ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String READER_ROLE = "arn:aws:iam::" + SOURCE_ACCOUNT + ":role/analysis-platform-dev-snapshot-reader";
    static final String EXPORT_ROLE = "arn:aws:iam::" + SOURCE_ACCOUNT + ":role/analysis-platform-dev-snapshot-export";
    static final String CLUSTER = "orders-cluster";
    static final String INSTANCE = "billing-db";

    private Fixtures() {
    }

    static Map<String, String> environment() {
        return Map.of(
                ExporterSettings.EXPORT_BUCKET, BUCKET,
                ExporterSettings.EXPORT_KMS_KEY_ARN, KMS_KEY_ARN,
                ExporterSettings.SOURCE_NAME, "orders",
                ExporterSettings.SOURCE_ROLE_ARN, READER_ROLE,
                ExporterSettings.EXPORT_ROLE_ARN, EXPORT_ROLE,
                ExporterSettings.DB_CLUSTER_IDENTIFIER, CLUSTER);
    }

    static ExporterSettings settings() {
        return ExporterSettings.fromEnvironment(environment());
    }

    static ExportRequest clusterRequest() {
        return clusterRequest(List.of(), null, null);
    }

    /** The orders cluster's request with a table selection, a run start time and a snapshot age limit. */
    static ExportRequest clusterRequest(List<String> exportOnly, Instant runStartTime, Integer maxSnapshotAgeHours) {
        return new ExportRequest("orders", new SourceAccess(READER_ROLE, null), EXPORT_ROLE,
                new DatabaseTarget.Cluster(CLUSTER), List.of("automated"), null, exportOnly, false, runStartTime,
                maxSnapshotAgeHours);
    }

    /** A manual one carries the database tag, as every snapshot of a tagged cluster with CopyTagsToSnapshot does. */
    static DBClusterSnapshot clusterSnapshot(String id, String status, Instant created) {
        return clusterSnapshot(id, status, created, id.startsWith("rds:") ? null : CLUSTER);
    }

    /** {@code databaseTag}: the value of its analysis-platform:database tag, or null for none. */
    static DBClusterSnapshot clusterSnapshot(String id, String status, Instant created, String databaseTag) {
        return DBClusterSnapshot.builder()
                .dbClusterSnapshotIdentifier(id)
                .dbClusterIdentifier(CLUSTER)
                .dbClusterSnapshotArn("arn:aws:rds:eu-west-1:" + SOURCE_ACCOUNT + ":cluster-snapshot:" + id)
                .status(status)
                .snapshotType(id.startsWith("rds:") ? "automated" : "manual")
                .snapshotCreateTime(created)
                .tagList(databaseTag == null ? List.of() : List.of(software.amazon.awssdk.services.rds.model.Tag.builder()
                        .key(dev.analysisplatform.contract.PlatformNames.DATABASE_TAG).value(databaseTag).build()))
                .build();
    }

    static DBSnapshot instanceSnapshot(String id, String status, Instant created) {
        return DBSnapshot.builder()
                .dbSnapshotIdentifier(id)
                .dbInstanceIdentifier(INSTANCE)
                .dbSnapshotArn("arn:aws:rds:eu-west-1:" + SOURCE_ACCOUNT + ":snapshot:" + id)
                .status(status)
                .snapshotType("automated")
                .snapshotCreateTime(created)
                .build();
    }

    /**
     * The SDK's paginators are default methods of the client interface, which a Mockito mock does not run; let them
     * run, so they page over the stubbed describe calls exactly as over a real client.
     */
    static void pagingThrough(RdsClient rds) {
        org.mockito.Mockito.lenient().when(rds.describeDBClusterSnapshotsPaginator(
                org.mockito.ArgumentMatchers.any(software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest.class)))
                .thenCallRealMethod();
        org.mockito.Mockito.lenient().when(rds.describeDBSnapshotsPaginator(
                org.mockito.ArgumentMatchers.any(software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest.class)))
                .thenCallRealMethod();
        org.mockito.Mockito.lenient().when(rds.describeExportTasksPaginator(
                org.mockito.ArgumentMatchers.any(software.amazon.awssdk.services.rds.model.DescribeExportTasksRequest.class)))
                .thenCallRealMethod();
    }

    static InputStream event(String name) {
        InputStream in = Fixtures.class.getResourceAsStream("/events/" + name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("missing test event " + name));
        }
        return in;
    }

    static JsonInput eventInput(String name) {
        return JsonInput.read(event(name));
    }
}
