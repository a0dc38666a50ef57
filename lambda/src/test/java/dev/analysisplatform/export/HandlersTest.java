package dev.analysisplatform.export;

import static dev.analysisplatform.export.Fixtures.clusterSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.export.errors.ExportTaskNotFoundException;
import dev.analysisplatform.export.errors.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeExportTasksRequest;
import software.amazon.awssdk.services.rds.model.DescribeExportTasksResponse;
import software.amazon.awssdk.services.rds.model.ExportTask;
import software.amazon.awssdk.services.rds.model.StartExportTaskRequest;
import software.amazon.awssdk.services.rds.model.StartExportTaskResponse;

@ExtendWith(MockitoExtension.class)
class HandlersTest {

    @Mock
    private RdsClient rds;
    @Mock
    private Context context;
    @Mock
    private LambdaLogger logger;

    private SourceAccess usedAccess;

    @BeforeEach
    void setUp() {
        lenient().when(context.getLogger()).thenReturn(logger);
        Fixtures.pagingThrough(rds);
    }

    private SourceClients clients() {
        return access -> {
            usedAccess = access;
            return rds;
        };
    }

    private static Map<String, Object> invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler,
                                              InputStream input, Context context) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(input, output, context);
        return JSON.std.mapFrom(output.toString(StandardCharsets.UTF_8));
    }

    /** The start handler on the console's sample input, with one available snapshot and no earlier task. */
    private Map<String, Object> startOnConsoleSample() throws IOException {
        when(rds.describeDBClusterSnapshots(any(DescribeDbClusterSnapshotsRequest.class))).thenReturn(
                DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(clusterSnapshot(
                        "rds:orders-cluster-2026-11-25-03-10", "available", Instant.parse("2026-11-25T03:10:00Z"))).build());
        when(rds.describeExportTasks(any(DescribeExportTasksRequest.class))).thenReturn(DescribeExportTasksResponse.builder().build());
        when(rds.startExportTask(any(StartExportTaskRequest.class))).thenReturn(StartExportTaskResponse.builder().status("STARTING").build());
        var handler = new ExportLatestSnapshotHandler(Fixtures.settings(), clients());

        Map<String, Object> output = invoke(handler, Fixtures.event("console-sample.json"), context);
        return output;
    }

    @Test
    void startHandler_consoleSample_exportsConfiguredSourceAndReturnsContractFields() throws IOException {
        Map<String, Object> output = startOnConsoleSample();

        assertThat(output).containsKeys("exportTaskIdentifier", "status", "sourceArn", "snapshotIdentifier",
                "snapshotCreateTime", "s3Bucket", "s3Prefix", "alreadyExported", "dryRun");
        assertThat(output.get("snapshotCreateTime")).isEqualTo("2026-11-25T03:10:00Z");
        assertThat(output.get("s3Prefix")).isEqualTo("exports/" + Fixtures.SOURCE_ACCOUNT + "/orders/orders-cluster");
        assertThat(output.get("alreadyExported")).isEqualTo(false);
        assertThat(usedAccess).isEqualTo(new SourceAccess(Fixtures.READER_ROLE, null));
        ArgumentCaptor<String> lines = ArgumentCaptor.forClass(String.class);
        verify(logger, org.mockito.Mockito.atLeastOnce()).log(lines.capture(), any());
        assertThat(lines.getAllValues()).allSatisfy(line -> assertThat(JSON.std.mapFrom(line)).containsKey("event"));
    }

    @Test
    void startHandler_wrongType_failsBeforeAnyAwsCall() {
        var handler = new ExportLatestSnapshotHandler(Fixtures.settings(), clients());

        assertThatThrownBy(() -> invoke(handler, Fixtures.event("wrong-type-dry-run.json"), context))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dryRun");
        verifyNoInteractions(rds);
    }

    @Test
    void statusHandler_startOutput_addsCurrentStatusProgressAndCause() throws IOException {
        when(rds.describeExportTasks(any(DescribeExportTasksRequest.class))).thenReturn(DescribeExportTasksResponse.builder()
                .exportTasks(ExportTask.builder().exportTaskIdentifier("exp-orders-cluster-2026-11-25-03-10-0123456789")
                        .status("FAILED").percentProgress(40).failureCause("S3 access denied").build()).build());
        var handler = new ExportStatusHandler(Fixtures.settings(), clients());

        Map<String, Object> output = invoke(handler, Fixtures.event("status-input.json"), context);

        ArgumentCaptor<DescribeExportTasksRequest> request = ArgumentCaptor.forClass(DescribeExportTasksRequest.class);
        verify(rds).describeExportTasks(request.capture());
        assertThat(request.getValue().exportTaskIdentifier()).isEqualTo("exp-orders-cluster-2026-11-25-03-10-0123456789");
        assertThat(output).containsEntry("status", "FAILED").containsEntry("percentProgress", 40)
                .containsEntry("failureCause", "S3 access denied")
                .containsEntry("s3Prefix", "exports/orders/orders-cluster");
    }

    @Test
    void statusHandler_completeExport_reportsDurationCostAndEmitsTheirMetrics() throws Exception {
        when(rds.describeExportTasks(any(DescribeExportTasksRequest.class))).thenReturn(DescribeExportTasksResponse.builder()
                .exportTasks(ExportTask.builder().exportTaskIdentifier("exp-orders-cluster-2026-11-25-03-10-0123456789")
                        .status("COMPLETE").percentProgress(100).totalExtractedDataInGB(42)
                        .taskStartTime(java.time.Instant.parse("2026-11-25T03:10:00Z"))
                        .taskEndTime(java.time.Instant.parse("2026-11-25T04:40:30Z")).build()).build());
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        var metrics = new dev.analysisplatform.export.runtime.ExportMetrics(new java.io.PrintStream(stdout, true,
                StandardCharsets.UTF_8), java.time.Clock.fixed(java.time.Instant.parse("2026-11-25T05:00:00Z"),
                java.time.ZoneOffset.UTC));
        var handler = new ExportStatusHandler(Fixtures.settings(), clients(),
                ExportCost.fromEnvironment(Map.of("EXPORT_PRICE_PER_GB", "0.012")), metrics);

        Map<String, Object> output = invoke(handler, Fixtures.event("status-input.json"), context);

        assertThat(output).containsEntry("status", "COMPLETE").containsEntry("exportDurationSeconds", 5430)
                .containsEntry("totalExtractedDataInGB", 42);
        assertThat(output.get("estimatedCostUsd").toString()).isEqualTo("0.504");
        Map<String, Object> line = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(stdout.toString(StandardCharsets.UTF_8).strip());
        assertThat(line).containsEntry("Source", "orders").containsEntry("ExportDurationSeconds", 5430)
                .containsEntry("GigabytesExtracted", 42);
        assertThat(line.get("EstimatedExportCostUsd").toString()).isEqualTo("0.504");
        assertThat(line.get("_aws").toString()).contains("AnalysisPlatform").contains("[[Source]]")
                .contains("ExportDurationSeconds").contains("Seconds").contains("Gigabytes");
    }

    @Test
    void statusHandler_dryRunOutput_returnsItWithoutCallingAws() throws IOException {
        var handler = new ExportStatusHandler(Fixtures.settings(), clients());
        String dryRun = "{\"exportTaskIdentifier\":\"exp-x-0123456789\",\"status\":\"NOT_STARTED\",\"dryRun\":true}";

        Map<String, Object> output = invoke(handler, new ByteArrayInputStream(dryRun.getBytes(StandardCharsets.UTF_8)), context);

        assertThat(output).containsEntry("status", "NOT_STARTED");
        verifyNoInteractions(rds);
    }

    @Test
    void statusHandler_missingIdentifier_isInvalidInput() {
        var handler = new ExportStatusHandler(Fixtures.settings(), clients());

        assertThatThrownBy(() -> invoke(handler, Fixtures.event("console-sample.json"), context))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("exportTaskIdentifier");
    }

    @Test
    void statusHandler_unknownTask_isExportTaskNotFound() {
        when(rds.describeExportTasks(any(DescribeExportTasksRequest.class))).thenThrow(
                software.amazon.awssdk.services.rds.model.ExportTaskNotFoundException.builder().message("nope").build());
        var handler = new ExportStatusHandler(Fixtures.settings(), clients());

        assertThatThrownBy(() -> invoke(handler, Fixtures.event("status-input.json"), context))
                .isInstanceOf(ExportTaskNotFoundException.class);
    }

    @Test
    void statusHandler_canceledWithoutCause_writesEveryStatusFieldAsNull() throws IOException {
        // RDS gives no failureCause for a canceled task; the state machine reads $.export.failureCause regardless.
        when(rds.describeExportTasks(any(DescribeExportTasksRequest.class))).thenReturn(DescribeExportTasksResponse.builder()
                .exportTasks(ExportTask.builder().exportTaskIdentifier("exp-orders-cluster-2026-11-25-03-10-0123456789")
                        .status("CANCELED").build()).build());
        var handler = new ExportStatusHandler(Fixtures.settings(), clients());

        Map<String, Object> output = invoke(handler, Fixtures.event("status-input.json"), context);

        assertThat(output).containsEntry("status", "CANCELED").containsEntry("failureCause", null)
                .containsEntry("warningMessage", null).containsEntry("percentProgress", null)
                .containsEntry("totalExtractedDataInGB", null);
    }

    @Test
    void startHandler_justStarted_writesEveryDocumentedFieldNullIncluded() throws IOException {
        Map<String, Object> output = startOnConsoleSample();

        assertThat(output).containsKeys(ExportResult.STATUS_FIELDS.toArray(String[]::new))
                .containsEntry("failureCause", null).containsEntry("exportOnly", null);
    }
}
