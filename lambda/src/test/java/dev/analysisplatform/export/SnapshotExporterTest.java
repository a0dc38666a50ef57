package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.DecisionLog;
import static dev.analysisplatform.export.Fixtures.clusterSnapshot;
import static dev.analysisplatform.export.Fixtures.instanceSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.analysisplatform.export.errors.ExportQuotaExceededException;
import dev.analysisplatform.export.errors.InvalidInputException;
import dev.analysisplatform.export.errors.NoSnapshotFoundException;
import dev.analysisplatform.export.errors.SourceAccessDeniedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeExportTasksRequest;
import software.amazon.awssdk.services.rds.model.DescribeExportTasksResponse;
import software.amazon.awssdk.services.rds.model.ExportTask;
import software.amazon.awssdk.services.rds.model.ExportTaskAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.StartExportTaskRequest;
import software.amazon.awssdk.services.rds.model.StartExportTaskResponse;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import dev.analysisplatform.export.errors.AwsUnavailableException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(MockitoExtension.class)
class SnapshotExporterTest {

    private static final Instant DAY1 = Instant.parse("2026-11-24T03:10:00Z");
    private static final Instant DAY2 = Instant.parse("2026-11-25T03:10:00Z");
    private static final String PREFIX = "exports/" + Fixtures.SOURCE_ACCOUNT + "/orders/" + Fixtures.CLUSTER;
    /** Where the same source's exports landed before the account segment. */
    private static final String LEGACY_PREFIX = "exports/orders/" + Fixtures.CLUSTER;

    @Mock
    private RdsClient rds;

    private final List<String> logLines = new ArrayList<>();
    private DecisionLog log;
    private SnapshotExporter exporter;

    @BeforeEach
    void setUp() {
        LambdaLogger logger = mock(LambdaLogger.class, invocation -> {
            if (invocation.getArguments().length > 0 && invocation.getArgument(0) instanceof String line) {
                logLines.add(line);
            }
            return null;
        });
        log = new DecisionLog(logger);
        exporter = new SnapshotExporter(access -> rds, Fixtures.settings());
        Fixtures.pagingThrough(rds);
    }

    private void clusterSnapshots(DescribeDbClusterSnapshotsResponse first, DescribeDbClusterSnapshotsResponse... more) {
        when(rds.describeDBClusterSnapshots(any(DescribeDbClusterSnapshotsRequest.class))).thenReturn(first, more);
    }

    private void exportTasks(ExportTask... tasks) {
        when(rds.describeExportTasks(any(DescribeExportTasksRequest.class)))
                .thenReturn(DescribeExportTasksResponse.builder().exportTasks(tasks).build());
    }

    private void startSucceeds() {
        when(rds.startExportTask(any(StartExportTaskRequest.class)))
                .thenReturn(StartExportTaskResponse.builder().status("STARTING").build());
    }

    private StartExportTaskRequest sentStart() {
        ArgumentCaptor<StartExportTaskRequest> start = ArgumentCaptor.forClass(StartExportTaskRequest.class);
        verify(rds).startExportTask(start.capture());
        return start.getValue();
    }

    private static ExportTask task(String id, String snapshotArn, String status, String prefix) {
        return ExportTask.builder().exportTaskIdentifier(id).sourceArn(snapshotArn).status(status)
                .s3Bucket(Fixtures.BUCKET).s3Prefix(prefix).taskStartTime(DAY2).build();
    }

    @Test
    void export_newestAvailableSnapshot_startsWithBucketPrefixRoleAndKey() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day1", "available", DAY1),
                clusterSnapshot("rds:orders-cluster-day2", "available", DAY2)).build());
        exportTasks();
        startSucceeds();

        ExportResult result = exporter.export(Fixtures.clusterRequest(), log);

        StartExportTaskRequest start = sentStart();
        assertThat(start.sourceArn()).endsWith(":cluster-snapshot:rds:orders-cluster-day2");
        assertThat(start.s3BucketName()).isEqualTo(Fixtures.BUCKET);
        assertThat(start.s3Prefix()).isEqualTo(PREFIX);
        assertThat(start.iamRoleArn()).isEqualTo(Fixtures.EXPORT_ROLE);
        assertThat(start.kmsKeyId()).isEqualTo(Fixtures.KMS_KEY_ARN);
        assertThat(start.hasExportOnly()).isFalse();
        assertThat(start.exportTaskIdentifier()).isEqualTo(result.exportTaskIdentifier()).startsWith("exp-orders-cluster-day2-");
        assertThat(result.status()).isEqualTo("STARTING");
        assertThat(result.alreadyExported()).isFalse();
        assertThat(result.snapshotCreateTime()).isEqualTo(DAY2);
        assertThat(logLines).anyMatch(l -> l.contains("\"event\":\"export_started\"") && l.contains("orders-cluster-day2"));
    }

    @Test
    void export_snapshotInAnotherRegion_goesToThatRegionsBucketAndKey() {
        String keyThere = "arn:aws:kms:us-west-2:" + Fixtures.ANALYTICS_ACCOUNT + ":key/5678abcd-12ab-34cd-56ef-1234567890ab";
        List<SourceAccess> reached = new ArrayList<>();
        exporter = new SnapshotExporter(access -> {
            reached.add(access);
            return rds;
        }, new ExporterSettings(Fixtures.BUCKET, Fixtures.KMS_KEY_ARN, "exports",
                Fixtures.settings().sourceDefaults(),
                Map.of("us-west-2", new ExporterSettings.Destination("example-analytics-exports-us-west-2", keyThere))));
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day2", "available", DAY2).toBuilder()
                        .dbClusterSnapshotArn("arn:aws:rds:us-west-2:" + Fixtures.SOURCE_ACCOUNT
                                + ":cluster-snapshot:rds:orders-cluster-day2").build()).build());
        exportTasks();
        startSucceeds();

        ExportRequest request = Fixtures.clusterRequest();
        ExportResult result = exporter.export(new ExportRequest(request.sourceName(),
                new SourceAccess(Fixtures.READER_ROLE, null, "us-west-2"), request.exportRoleArn(), request.target(),
                request.snapshotTypes(), null, List.of(), false, null, null), log);

        assertThat(reached).containsOnly(new SourceAccess(Fixtures.READER_ROLE, null, "us-west-2"));
        StartExportTaskRequest start = sentStart();
        assertThat(start.s3BucketName()).isEqualTo("example-analytics-exports-us-west-2");
        assertThat(start.kmsKeyId()).isEqualTo(keyThere);
        assertThat(result.s3Bucket()).isEqualTo("example-analytics-exports-us-west-2");
    }

    @Test
    void export_snapshotInARegionWithoutBucket_isRefusedBeforeAnyExport() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day2", "available", DAY2).toBuilder()
                        .dbClusterSnapshotArn("arn:aws:rds:ap-south-1:" + Fixtures.SOURCE_ACCOUNT
                                + ":cluster-snapshot:rds:orders-cluster-day2").build()).build());

        assertThatThrownBy(() -> exporter.export(Fixtures.clusterRequest(), log))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("in ap-south-1").hasMessageContaining("[eu-west-1]");
        verify(rds, never()).startExportTask(any(StartExportTaskRequest.class));
    }

    @Test
    void export_listRequest_filtersServerSideWithPageSize100() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day1", "available", DAY1)).build());
        exportTasks();
        startSucceeds();

        exporter.export(Fixtures.clusterRequest(), log);

        ArgumentCaptor<DescribeDbClusterSnapshotsRequest> list = ArgumentCaptor.forClass(DescribeDbClusterSnapshotsRequest.class);
        verify(rds).describeDBClusterSnapshots(list.capture());
        assertThat(list.getValue().dbClusterIdentifier()).isEqualTo(Fixtures.CLUSTER);
        assertThat(list.getValue().maxRecords()).isEqualTo(100);
        assertThat(list.getValue().filters()).singleElement()
                .satisfies(f -> assertThat(f.name()).isEqualTo("snapshot-type"))
                .satisfies(f -> assertThat(f.values()).containsExactly("automated"));
    }

    @Test
    void export_severalPages_followsMarkersAndPicksNewestAcrossPages() {
        clusterSnapshots(
                DescribeDbClusterSnapshotsResponse.builder().marker("page-2")
                        .dbClusterSnapshots(clusterSnapshot("rds:orders-cluster-day1", "available", DAY1)).build(),
                DescribeDbClusterSnapshotsResponse.builder().marker("page-3")
                        .dbClusterSnapshots(clusterSnapshot("rds:orders-cluster-day2", "available", DAY2)).build(),
                DescribeDbClusterSnapshotsResponse.builder()
                        .dbClusterSnapshots(clusterSnapshot("rds:orders-cluster-day0", "available", DAY1.minusSeconds(86400))).build());
        exportTasks();
        startSucceeds();

        exporter.export(Fixtures.clusterRequest(), log);

        ArgumentCaptor<DescribeDbClusterSnapshotsRequest> list = ArgumentCaptor.forClass(DescribeDbClusterSnapshotsRequest.class);
        verify(rds, times(3)).describeDBClusterSnapshots(list.capture());
        assertThat(list.getAllValues()).extracting(DescribeDbClusterSnapshotsRequest::marker)
                .containsExactly(null, "page-2", "page-3");
        assertThat(sentStart().sourceArn()).endsWith("orders-cluster-day2");
    }

    @Test
    void export_newerSnapshotStillCreatingOrFailed_exportsNewestAvailable() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day1", "available", DAY1),
                clusterSnapshot("rds:orders-cluster-day2", "creating", DAY2),
                clusterSnapshot("rds:orders-cluster-day2b", "failed", DAY2.plusSeconds(60))).build());
        exportTasks();
        startSucceeds();

        exporter.export(Fixtures.clusterRequest(), log);

        assertThat(sentStart().sourceArn()).endsWith("orders-cluster-day1");
    }

    @Test
    void export_equalCreateTimes_tieBrokenByIdentifierWhateverTheOrder() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("snap-b", "available", DAY2),
                clusterSnapshot("snap-a", "available", DAY2)).build());
        exportTasks();
        startSucceeds();

        exporter.export(Fixtures.clusterRequest(), log);

        assertThat(sentStart().sourceArn()).endsWith(":snap-b");
    }

    @Test
    void export_snapshotOfAnotherClusterInResponse_isIgnored() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day1", "available", DAY1),
                clusterSnapshot("rds:other-day2", "available", DAY2).toBuilder().dbClusterIdentifier("other").build()).build());
        exportTasks();
        startSucceeds();

        exporter.export(Fixtures.clusterRequest(), log);

        assertThat(sentStart().sourceArn()).endsWith("orders-cluster-day1");
    }

    @Test
    void export_instanceTarget_usesInstanceApiAndSnapshotArn() {
        when(rds.describeDBSnapshots(any(DescribeDbSnapshotsRequest.class))).thenReturn(DescribeDbSnapshotsResponse.builder()
                .dbSnapshots(instanceSnapshot("rds:billing-db-day2", "available", DAY2)).build());
        exportTasks();
        startSucceeds();
        ExportRequest request = new ExportRequest(null, new SourceAccess(Fixtures.READER_ROLE, null), Fixtures.EXPORT_ROLE,
                new DatabaseTarget.Instance(Fixtures.INSTANCE), List.of("automated"), null, List.of("billing"), false, null, null);

        ExportResult result = exporter.export(request, log);

        verify(rds, never()).describeDBClusterSnapshots(any(DescribeDbClusterSnapshotsRequest.class));
        ArgumentCaptor<DescribeDbSnapshotsRequest> list = ArgumentCaptor.forClass(DescribeDbSnapshotsRequest.class);
        verify(rds).describeDBSnapshots(list.capture());
        assertThat(list.getValue().dbInstanceIdentifier()).isEqualTo(Fixtures.INSTANCE);
        StartExportTaskRequest start = sentStart();
        assertThat(start.sourceArn()).isEqualTo("arn:aws:rds:eu-west-1:222222222222:snapshot:rds:billing-db-day2");
        assertThat(start.exportOnly()).containsExactly("billing");
        // sourceName defaults to the source account id (the account segment is the export role's account)
        assertThat(start.s3Prefix()).isEqualTo("exports/222222222222/222222222222/billing-db");
        assertThat(result.sourceName()).isEqualTo("222222222222");
    }

    @Test
    void export_noAvailableSnapshot_saysWhatWasSeen() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day2", "creating", DAY2),
                clusterSnapshot("rds:orders-cluster-day1", "failed", DAY1)).build());

        assertThatThrownBy(() -> exporter.export(Fixtures.clusterRequest(), log))
                .isInstanceOf(NoSnapshotFoundException.class)
                .hasMessageContaining("DB cluster 'orders-cluster'")
                .hasMessageContaining("automated")
                .hasMessageContaining("saw 2 snapshot(s)")
                .hasMessageContaining("creating=1").hasMessageContaining("failed=1");
        verify(rds, never()).startExportTask(any(StartExportTaskRequest.class));
    }

    @Test
    void export_noSnapshotsAtAll_saysNoneSeen() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().build());

        assertThatThrownBy(() -> exporter.export(Fixtures.clusterRequest(), log))
                .isInstanceOf(NoSnapshotFoundException.class).hasMessageContaining("saw 0 snapshot(s)");
    }

    @Test
    void export_taskAlreadyRunningOrComplete_returnsItAndStartsNothing() {
        for (String status : List.of("STARTING", "IN_PROGRESS", "COMPLETE")) {
            org.mockito.Mockito.reset(rds);
            Fixtures.pagingThrough(rds);
            var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
            clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
            exportTasks(task("exp-earlier", snapshot.dbClusterSnapshotArn(), status, PREFIX + "/"));

            ExportResult result = exporter.export(Fixtures.clusterRequest(), log);

            assertThat(result.alreadyExported()).as(status).isTrue();
            assertThat(result.exportTaskIdentifier()).isEqualTo("exp-earlier");
            assertThat(result.status()).isEqualTo(status);
            verify(rds, never()).startExportTask(any(StartExportTaskRequest.class));
        }
    }

    @Test
    void export_lookupIsBySourceArn() {
        var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
        exportTasks();
        startSucceeds();

        exporter.export(Fixtures.clusterRequest(), log);

        ArgumentCaptor<DescribeExportTasksRequest> lookup = ArgumentCaptor.forClass(DescribeExportTasksRequest.class);
        verify(rds).describeExportTasks(lookup.capture());
        assertThat(lookup.getValue().filters()).singleElement()
                .satisfies(f -> assertThat(f.name()).isEqualTo("source-arn"))
                .satisfies(f -> assertThat(f.values()).containsExactly(snapshot.dbClusterSnapshotArn()));
    }

    @Test
    void export_earlierTaskToAnotherDestination_doesNotCount() {
        var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
        exportTasks(task("exp-elsewhere", snapshot.dbClusterSnapshotArn(), "COMPLETE", "somewhere/else"));
        startSucceeds();

        ExportResult result = exporter.export(Fixtures.clusterRequest(), log);

        assertThat(result.alreadyExported()).isFalse();
        assertThat(sentStart().exportTaskIdentifier()).isNotEqualTo("exp-elsewhere");
    }

    @Test
    void export_earlierAttemptsFailedOrCanceled_startsFreshAttemptWithNewIdentifier() {
        var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
        Snapshot chosen = new Snapshot(snapshot.dbClusterSnapshotIdentifier(), snapshot.dbClusterSnapshotArn(),
                "available", "automated", DAY2);
        ExportDestination destination = new ExportDestination(Fixtures.BUCKET, PREFIX, Fixtures.KMS_KEY_ARN);
        String first = ExportTaskIdentifiers.forAttempt(chosen, destination, ExportSelection.ALL, 1);
        String second = ExportTaskIdentifiers.forAttempt(chosen, destination, ExportSelection.ALL, 2);
        exportTasks(task(first, snapshot.dbClusterSnapshotArn(), "FAILED", PREFIX),
                task(second, snapshot.dbClusterSnapshotArn(), "CANCELED", PREFIX));
        startSucceeds();

        ExportResult result = exporter.export(Fixtures.clusterRequest(), log);

        assertThat(sentStart().exportTaskIdentifier())
                .isEqualTo(ExportTaskIdentifiers.forAttempt(chosen, destination, ExportSelection.ALL, 3))
                .isNotIn(first, second);
        assertThat(result.alreadyExported()).isFalse();
    }

    @Test
    void export_startAlreadyExistsUnderThisAttemptsName_isThisRunsExportNotAnEarlierOne() {
        // The SDK retried a start whose response was lost (or a concurrent run started the same attempt): RDS
        // answers ExportTaskAlreadyExists for the name this attempt computed. It is the export this run asked for.
        var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
        when(rds.describeExportTasks(any(DescribeExportTasksRequest.class))).thenAnswer(call -> {
            DescribeExportTasksRequest request = call.getArgument(0);
            return request.exportTaskIdentifier() == null
                    ? DescribeExportTasksResponse.builder().build()
                    : DescribeExportTasksResponse.builder().exportTasks(task(request.exportTaskIdentifier(),
                            snapshot.dbClusterSnapshotArn(), "IN_PROGRESS", PREFIX)).build();
        });
        when(rds.startExportTask(any(StartExportTaskRequest.class)))
                .thenThrow(ExportTaskAlreadyExistsException.builder().message("exists").build());

        ExportResult result = exporter.export(Fixtures.clusterRequest(), log);

        assertThat(result.alreadyExported()).isFalse();
        assertThat(result.status()).isEqualTo("IN_PROGRESS");
        assertThat(result.exportTaskIdentifier()).isEqualTo(sentStart().exportTaskIdentifier());
    }

    @Test
    void export_liveTaskStartedSinceThisRunBegan_isThisRunsExport() {
        // Every StartExportTask response of the previous attempt was lost; the state machine retried the step.
        var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
        exportTasks(task("exp-mine", snapshot.dbClusterSnapshotArn(), "STARTING", PREFIX).toBuilder()
                .taskStartTime(DAY2.plusSeconds(60)).build());
        ExportRequest retried = Fixtures.clusterRequest(List.of(), DAY2.plusSeconds(30), null);

        ExportResult result = exporter.export(retried, log);

        assertThat(result.alreadyExported()).isFalse();
        assertThat(result.exportTaskIdentifier()).isEqualTo("exp-mine");
        verify(rds, never()).startExportTask(any(StartExportTaskRequest.class));
    }

    @Test
    void export_liveTaskStartedBeforeThisRun_isAlreadyExported() {
        var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
        exportTasks(task("exp-yesterday", snapshot.dbClusterSnapshotArn(), "COMPLETE", PREFIX));

        ExportResult result = exporter.export(Fixtures.clusterRequest(List.of(), DAY2.plusSeconds(3600), null), log);

        assertThat(result.alreadyExported()).isTrue();
    }

    /**
     * After the upgrade to the account segment, the snapshot exported the day before under the old prefix is the same
     * export: nothing is started (an export is billed per GB of snapshot), and registration reads it where it is.
     */
    @Test
    void export_completeTaskUnderTheLegacyPrefix_isAlreadyExportedThere() {
        var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
        exportTasks(task("exp-before-upgrade", snapshot.dbClusterSnapshotArn(), "COMPLETE", LEGACY_PREFIX + "/"));

        ExportResult result = exporter.export(Fixtures.clusterRequest(List.of(), DAY2.plusSeconds(3600), null), log);

        assertThat(result.alreadyExported()).isTrue();
        assertThat(result.exportTaskIdentifier()).isEqualTo("exp-before-upgrade");
        assertThat(result.s3Prefix()).isEqualTo(LEGACY_PREFIX);
        verify(rds, never()).startExportTask(any(StartExportTaskRequest.class));
    }

    @Test
    void export_taskOfAnotherSourceUnderItsLegacyPrefix_isNotThisExport() {
        var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
        exportTasks(task("exp-other", snapshot.dbClusterSnapshotArn(), "COMPLETE", "exports/other/" + Fixtures.CLUSTER));
        startSucceeds();

        ExportResult result = exporter.export(Fixtures.clusterRequest(), log);

        assertThat(result.alreadyExported()).isFalse();
        assertThat(sentStart().s3Prefix()).isEqualTo(PREFIX);
    }

    @Test
    void export_partialExportEarlier_fullRunStartsItsOwnTask() {
        var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
        exportTasks(task("exp-partial", snapshot.dbClusterSnapshotArn(), "COMPLETE", PREFIX).toBuilder()
                .exportOnly("orders.public.customers").build());
        startSucceeds();

        ExportResult result = exporter.export(Fixtures.clusterRequest(), log);

        assertThat(result.alreadyExported()).isFalse();
        assertThat(sentStart().exportOnly()).isEmpty();
        assertThat(sentStart().exportTaskIdentifier()).isNotEqualTo("exp-partial");
    }

    @Test
    void export_sameSelectionTwice_exportsOnceWhateverTheOrder() {
        var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
        exportTasks(task("exp-partial", snapshot.dbClusterSnapshotArn(), "COMPLETE", PREFIX).toBuilder()
                .exportOnly("orders.public.lines", "orders.public.customers").build());
        ExportRequest partial = Fixtures.clusterRequest(List.of("orders.public.customers", "orders.public.lines"),
                null, null);

        ExportResult result = exporter.export(partial, log);

        assertThat(result.alreadyExported()).isTrue();
        assertThat(result.exportTaskIdentifier()).isEqualTo("exp-partial");
        assertThat(result.selection().tables()).containsExactly("orders.public.customers", "orders.public.lines");
        verify(rds, never()).startExportTask(any(StartExportTaskRequest.class));
    }

    @Test
    void export_partialRun_namesItsTaskApartFromTheFullExport() {
        var snapshot = clusterSnapshot("rds:orders-cluster-day2", "available", DAY2);
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(snapshot).build());
        exportTasks();
        startSucceeds();
        Snapshot chosen = new Snapshot(snapshot.dbClusterSnapshotIdentifier(), snapshot.dbClusterSnapshotArn(),
                "available", "automated", DAY2);
        String full = ExportTaskIdentifiers.forAttempt(chosen, new ExportDestination(Fixtures.BUCKET, PREFIX, Fixtures.KMS_KEY_ARN),
                ExportSelection.ALL, 1);

        exporter.export(Fixtures.clusterRequest(List.of("orders.public.customers"), null, null), log);

        assertThat(sentStart().exportTaskIdentifier()).isNotEqualTo(full);
        assertThat(sentStart().exportOnly()).containsExactly("orders.public.customers");
    }

    @Test
    void export_dryRun_decidesButStartsNothing() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day2", "available", DAY2)).build());
        exportTasks();
        ExportRequest dryRun = new ExportRequest("orders", new SourceAccess(Fixtures.READER_ROLE, null), Fixtures.EXPORT_ROLE,
                new DatabaseTarget.Cluster(Fixtures.CLUSTER), List.of("automated"), null, List.of(), true, null, null);

        ExportResult result = exporter.export(dryRun, log);

        verify(rds, never()).startExportTask(any(StartExportTaskRequest.class));
        assertThat(result.dryRun()).isTrue();
        assertThat(result.status()).isEqualTo(ExportResult.NOT_STARTED);
        assertThat(ExportTaskIdentifiers.isValid(result.exportTaskIdentifier())).isTrue();
    }

    @Test
    void export_namedSnapshot_exportsThatOneEvenIfOlder() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("orders-before-migration", "available", DAY1)).build());
        exportTasks();
        startSucceeds();
        ExportRequest named = new ExportRequest("orders", new SourceAccess(Fixtures.READER_ROLE, null), Fixtures.EXPORT_ROLE,
                new DatabaseTarget.Cluster(Fixtures.CLUSTER), List.of("automated"), "orders-before-migration", List.of(), false, null, null);

        exporter.export(named, log);

        ArgumentCaptor<DescribeDbClusterSnapshotsRequest> list = ArgumentCaptor.forClass(DescribeDbClusterSnapshotsRequest.class);
        verify(rds).describeDBClusterSnapshots(list.capture());
        assertThat(list.getValue().dbClusterSnapshotIdentifier()).isEqualTo("orders-before-migration");
        assertThat(list.getValue().dbClusterIdentifier()).isNull();
        assertThat(sentStart().sourceArn()).endsWith(":orders-before-migration");
    }

    /**
     * A manual snapshot of this cluster without the database tag is the one kind the reader role may not export
     * (before: picked as the newest, and StartExportTask was denied every night). The tagged one is exported.
     */
    @Test
    void export_manualSnapshots_onlyTaggedOnesCount() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("orders-tagged", "available", DAY1),
                clusterSnapshot("orders-untagged-newer", "available", DAY2, null),
                clusterSnapshot("orders-tagged-for-another", "available", DAY2, "payments")).build());
        exportTasks();
        startSucceeds();
        ExportRequest manual = new ExportRequest("orders", new SourceAccess(Fixtures.READER_ROLE, null), Fixtures.EXPORT_ROLE,
                new DatabaseTarget.Cluster(Fixtures.CLUSTER), List.of("manual"), null, List.of(), false, null, 24 * 30);

        exporter.export(manual, log);

        assertThat(sentStart().sourceArn()).endsWith(":orders-tagged");
    }

    @Test
    void export_onlyUntaggedManualSnapshots_noSnapshotNamingTheTag() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("orders-untagged", "available", DAY2, null)).build());
        ExportRequest manual = new ExportRequest("orders", new SourceAccess(Fixtures.READER_ROLE, null), Fixtures.EXPORT_ROLE,
                new DatabaseTarget.Cluster(Fixtures.CLUSTER), List.of("manual"), null, List.of(), false, null, 24 * 30);

        assertThatThrownBy(() -> exporter.export(manual, log)).isInstanceOf(NoSnapshotFoundException.class)
                .hasMessageContaining("1 of them manual, shared or AWS Backup snapshots without the tag "
                        + "analysis-platform:database=" + Fixtures.CLUSTER);
    }

    @Test
    void export_namedUntaggedManualSnapshot_isInvalidInputNamingTheTag() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("orders-before-migration", "available", DAY1, null)).build());
        ExportRequest named = new ExportRequest("orders", new SourceAccess(Fixtures.READER_ROLE, null), Fixtures.EXPORT_ROLE,
                new DatabaseTarget.Cluster(Fixtures.CLUSTER), List.of("automated"), "orders-before-migration", List.of(), false, null, null);

        assertThatThrownBy(() -> exporter.export(named, log)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("analysis-platform:database=" + Fixtures.CLUSTER);
    }

    @Test
    void export_namedSnapshotOfAnotherCluster_isInvalidInput() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("foreign", "available", DAY1).toBuilder().dbClusterIdentifier("other").build()).build());
        ExportRequest named = new ExportRequest("orders", new SourceAccess(Fixtures.READER_ROLE, null), Fixtures.EXPORT_ROLE,
                new DatabaseTarget.Cluster(Fixtures.CLUSTER), List.of("automated"), "foreign", List.of(), false, null, null);

        assertThatThrownBy(() -> exporter.export(named, log)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void export_assumeRoleDenied_isSourceAccessDeniedNamingRole() {
        when(rds.describeDBClusterSnapshots(any(DescribeDbClusterSnapshotsRequest.class))).thenThrow(StsException.builder()
                .statusCode(403).awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).build());

        assertThatThrownBy(() -> exporter.export(Fixtures.clusterRequest(), log))
                .isInstanceOf(SourceAccessDeniedException.class)
                .hasMessageContaining(Fixtures.READER_ROLE)
                .hasMessageContaining("trust policy").hasMessageContaining("ExternalId");
    }

    @Test
    void export_rdsDenied_isSourceAccessDenied() {
        when(rds.describeDBClusterSnapshots(any(DescribeDbClusterSnapshotsRequest.class))).thenThrow(RdsException.builder()
                .statusCode(403).awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).build());

        assertThatThrownBy(() -> exporter.export(Fixtures.clusterRequest(), log))
                .isInstanceOf(SourceAccessDeniedException.class).hasMessageContaining("AccessDenied");
    }

    @Test
    void export_kmsKeyNotAccessible_isSourceAccessDeniedPointingAtKeyPolicy() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day2", "available", DAY2)).build());
        exportTasks();
        when(rds.startExportTask(any(StartExportTaskRequest.class))).thenThrow(KmsKeyNotAccessibleException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("KMSKeyNotAccessibleFault").build()).build());

        assertThatThrownBy(() -> exporter.export(Fixtures.clusterRequest(), log))
                .isInstanceOf(SourceAccessDeniedException.class).hasMessageContaining("key policy");
    }

    @Test
    void export_concurrentExportQuota_isRetryableQuotaError() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day2", "available", DAY2)).build());
        exportTasks();
        when(rds.startExportTask(any(StartExportTaskRequest.class))).thenThrow(RdsException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("ExportTaskLimitExceeded").build()).build());

        assertThatThrownBy(() -> exporter.export(Fixtures.clusterRequest(), log))
                .isInstanceOf(ExportQuotaExceededException.class);
    }

    @Test
    void export_otherClientError_propagatesUnchanged() {
        RdsException invalid = (RdsException) RdsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterCombination").build()).build();
        when(rds.describeDBClusterSnapshots(any(DescribeDbClusterSnapshotsRequest.class))).thenThrow(invalid);

        assertThatThrownBy(() -> exporter.export(Fixtures.clusterRequest(), log)).isSameAs(invalid);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFailures")
    void export_transientFailureAfterSdkRetries_isAwsUnavailableNotAccessDenied(String what, SdkException failure) {
        when(rds.describeDBClusterSnapshots(any(DescribeDbClusterSnapshotsRequest.class))).thenThrow(failure);

        assertThatThrownBy(() -> exporter.export(Fixtures.clusterRequest(), log))
                .isInstanceOf(AwsUnavailableException.class).isNotInstanceOf(SourceAccessDeniedException.class)
                .hasCause(failure);
    }

    static Stream<Arguments> transientFailures() {
        return Stream.of(
                Arguments.of("STS throttled", StsException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").build()).build()),
                Arguments.of("STS 503", StsException.builder().statusCode(503)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailable").build()).build()),
                Arguments.of("STS unreachable", SdkClientException.builder().message("Unable to execute HTTP request")
                        .cause(new java.net.ConnectException("Connection refused")).build()),
                Arguments.of("RDS 500", RdsException.builder().statusCode(500)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalFailure").build()).build()),
                Arguments.of("RDS throttled", RdsException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").build()).build()));
    }

    @Test
    void export_assumeRoleInvalidClientToken_isSourceAccessDenied() {
        when(rds.describeDBClusterSnapshots(any(DescribeDbClusterSnapshotsRequest.class))).thenThrow(StsException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidClientTokenId").build()).build());

        assertThatThrownBy(() -> exporter.export(Fixtures.clusterRequest(), log))
                .isInstanceOf(SourceAccessDeniedException.class);
    }

    @Test
    void export_unknownNamedSnapshot_isInvalidInputNamingFieldAndDatabase() {
        when(rds.describeDBClusterSnapshots(any(DescribeDbClusterSnapshotsRequest.class))).thenThrow(
                DbClusterSnapshotNotFoundException.builder().statusCode(404).message("not found").build());
        ExportRequest named = new ExportRequest("orders", new SourceAccess(Fixtures.READER_ROLE, null), Fixtures.EXPORT_ROLE,
                new DatabaseTarget.Cluster(Fixtures.CLUSTER), List.of("automated"), "orders-typo", List.of(), false, null, null);

        assertThatThrownBy(() -> exporter.export(named, log))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("snapshotIdentifier").hasMessageContaining("orders-typo")
                .hasMessageContaining(Fixtures.CLUSTER);
    }

    @Test
    void export_newestSnapshotOlderThanMaxAge_isSnapshotTooOldNamingItsAge() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day1", "available", DAY1)).build());
        SnapshotExporter late = new SnapshotExporter(access -> rds, Fixtures.settings(),
                java.time.Clock.fixed(DAY1.plus(java.time.Duration.ofMinutes(30 * 60 + 30)), java.time.ZoneOffset.UTC));

        assertThatThrownBy(() -> late.export(Fixtures.clusterRequest(List.of(), null, 26), log))
                .isInstanceOf(dev.analysisplatform.export.errors.SnapshotTooOldException.class)
                .hasMessageContaining("30.5 hours old").hasMessageContaining("maxSnapshotAgeHours 26")
                .hasMessageContaining("rds:orders-cluster-day1");
        verify(rds, never()).startExportTask(any(StartExportTaskRequest.class));
    }

    @Test
    void export_newestSnapshotWithinMaxAge_exports() {
        clusterSnapshots(DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                clusterSnapshot("rds:orders-cluster-day2", "available", DAY2)).build());
        exportTasks();
        startSucceeds();
        SnapshotExporter onTime = new SnapshotExporter(access -> rds, Fixtures.settings(),
                java.time.Clock.fixed(DAY2.plus(java.time.Duration.ofHours(2)), java.time.ZoneOffset.UTC));

        ExportResult result = onTime.export(Fixtures.clusterRequest(List.of(), null, 26), log);

        assertThat(result.snapshotIdentifier()).isEqualTo("rds:orders-cluster-day2");
    }
}
