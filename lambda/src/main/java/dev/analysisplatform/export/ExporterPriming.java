package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.CannedHttpClient;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The exporter's AWS calls, in the order the start and status handlers make them, answered in-process (SnapStart
 * priming): assume the source role, page through cluster and instance snapshots, look up and start an export task.
 */
public final class ExporterPriming {

    private static final String CREATED = "2026-01-01T00:00:00Z";
    private static final Map<String, String> ANSWERS = Map.of(
            "AssumeRole", "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                    + "<Credentials><AccessKeyId>ASIAPRIMING</AccessKeyId><SecretAccessKey>priming</SecretAccessKey>"
                    + "<SessionToken>priming</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>"
                    + "<AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/priming/priming</Arn>"
                    + "<AssumedRoleId>AROAPRIMING:priming</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>"
                    + "</AssumeRoleResponse>",
            "DescribeDBClusterSnapshots", "<DescribeDBClusterSnapshotsResponse><DescribeDBClusterSnapshotsResult>"
                    + "<DBClusterSnapshots><DBClusterSnapshot><DBClusterSnapshotIdentifier>priming"
                    + "</DBClusterSnapshotIdentifier><Status>available</Status><SnapshotCreateTime>" + CREATED
                    + "</SnapshotCreateTime><DBClusterSnapshotArn>arn:aws:rds:us-east-1:111111111111:cluster-snapshot:"
                    + "priming</DBClusterSnapshotArn></DBClusterSnapshot></DBClusterSnapshots>"
                    + "</DescribeDBClusterSnapshotsResult></DescribeDBClusterSnapshotsResponse>",
            "DescribeDBSnapshots", "<DescribeDBSnapshotsResponse><DescribeDBSnapshotsResult><DBSnapshots><DBSnapshot>"
                    + "<DBSnapshotIdentifier>priming</DBSnapshotIdentifier><Status>available</Status><SnapshotCreateTime>"
                    + CREATED + "</SnapshotCreateTime></DBSnapshot></DBSnapshots></DescribeDBSnapshotsResult>"
                    + "</DescribeDBSnapshotsResponse>",
            "DescribeExportTasks", "<DescribeExportTasksResponse><DescribeExportTasksResult><ExportTasks><ExportTask>"
                    + "<ExportTaskIdentifier>priming</ExportTaskIdentifier><Status>COMPLETE</Status><TaskStartTime>"
                    + CREATED + "</TaskStartTime><TotalExtractedDataInGB>1</TotalExtractedDataInGB></ExportTask>"
                    + "</ExportTasks></DescribeExportTasksResult></DescribeExportTasksResponse>",
            "StartExportTask", "<StartExportTaskResponse><StartExportTaskResult><ExportTaskIdentifier>priming"
                    + "</ExportTaskIdentifier><Status>STARTING</Status></StartExportTaskResult></StartExportTaskResponse>");

    private ExporterPriming() {
    }

    /** One pass over every call; no endpoint is contacted and nothing is kept. */
    public static void prime() {
        try (CannedHttpClient http = new CannedHttpClient(ANSWERS);
             StsClient sts = http.client(StsClient.builder());
             RdsClient rds = http.client(RdsClient.builder())) {
            sts.assumeRole(b -> b.roleArn("arn:aws:iam::111111111111:role/priming").roleSessionName("priming")
                    .externalId("priming"));
            Filter types = Filter.builder().name("snapshot-type").values("automated").build();
            rds.describeDBClusterSnapshotsPaginator(b -> b.dbClusterIdentifier("priming").filters(types))
                    .dbClusterSnapshots().forEach(s -> s.snapshotCreateTime());
            rds.describeDBSnapshotsPaginator(b -> b.dbInstanceIdentifier("priming").filters(types))
                    .dbSnapshots().forEach(s -> s.snapshotCreateTime());
            rds.describeExportTasks(b -> b.filters(Filter.builder().name("source-arn").values("priming").build()))
                    .exportTasks().forEach(t -> t.taskStartTime());
            rds.startExportTask(b -> b.exportTaskIdentifier("priming").sourceArn("arn:aws:rds:us-east-1:111111111111:"
                    + "cluster-snapshot:priming").s3BucketName("priming").iamRoleArn("arn:aws:iam::111111111111:role/"
                    + "priming").kmsKeyId("priming"));
        }
    }
}
