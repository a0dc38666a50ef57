package dev.analysisplatform.export.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.analysisplatform.export.DecisionLog;
import dev.analysisplatform.export.errors.CatalogRegistrationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.GetTableResponse;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

@ExtendWith(MockitoExtension.class)
class CatalogRegistrarTest {

    private static final String BUCKET = "example-analytics-exports";
    private static final String PREFIX = "exports/billing/billing-db";
    private static final String TASK = "exp-billing-db-2026-11-25-0123456789";
    private static final String METADATA = """
            {"perTableStatus":[{"status":"COMPLETE","target":"billing.invoices","schemaMetadata":{"originalTypeMappings":[
              {"columnName":"invoice_id","originalType":"bigint","expectedExportedType":"int64"}]}}]}""";

    @Mock
    private GlueClient glue;
    @Mock
    private S3Client s3;

    private CatalogRegistrar registrar;
    private final DecisionLog log = new DecisionLog(mock(LambdaLogger.class));
    private final RegisteredExport export = new RegisteredExport("billing", TASK, BUCKET, PREFIX, "billing-db-snap",
            Instant.parse("2026-11-25T03:10:00Z"));

    @BeforeEach
    void setUp() {
        registrar = new CatalogRegistrar(glue, s3, "analysis_platform_test");
        String root = PREFIX + "/" + TASK + "/";
        lenient().when(s3.listObjectsV2(any(ListObjectsV2Request.class))).thenAnswer(call -> {
            ListObjectsV2Request request = call.getArgument(0);
            if (request.prefix().equals(root + "export_tables_info_")) {
                return ListObjectsV2Response.builder().contents(S3Object.builder()
                        .key(root + "export_tables_info_" + TASK + "_from_1_to_1.json").build()).isTruncated(false).build();
            }
            if (request.prefix().equals(root + "billing/")) {
                return folders(root + "billing/billing.invoices/");
            }
            if (request.prefix().equals(root + "billing/billing.invoices/")) {
                return folders(root + "billing/billing.invoices/1/", root + "billing/billing.invoices/2/");
            }
            return ListObjectsV2Response.builder().isTruncated(false).build();
        });
        lenient().when(s3.getObject(any(GetObjectRequest.class), any(ResponseTransformer.class)))
                .thenReturn(ResponseBytes.fromByteArray(software.amazon.awssdk.services.s3.model.GetObjectResponse.builder().build(),
                        METADATA.getBytes()));
        lenient().when(glue.batchCreatePartition(any(BatchCreatePartitionRequest.class)))
                .thenReturn(BatchCreatePartitionResponse.builder().build());
    }

    private static ListObjectsV2Response folders(String... prefixes) {
        return ListObjectsV2Response.builder().isTruncated(false)
                .commonPrefixes(java.util.Arrays.stream(prefixes).map(p -> CommonPrefix.builder().prefix(p).build()).toList())
                .build();
    }

    private static GetTableResponse table(String task, String snapshotTime) {
        return GetTableResponse.builder().table(Table.builder().name("t").parameters(Map.of(
                CatalogRegistrar.EXPORT_PARAMETER, task, CatalogRegistrar.SNAPSHOT_TIME_PARAMETER, snapshotTime)).build()).build();
    }

    @Test
    void register_newTables_createsCurrentAndHistoryWithEveryPartitionFolder() {
        when(glue.getTable(any(GetTableRequest.class))).thenThrow(EntityNotFoundException.builder().message("none").build());

        Map<String, Object> output = registrar.register(export, log);

        ArgumentCaptor<CreateTableRequest> created = ArgumentCaptor.forClass(CreateTableRequest.class);
        verify(glue, org.mockito.Mockito.times(2)).createTable(created.capture());
        assertThat(created.getAllValues()).extracting(r -> r.tableInput().name())
                .containsExactly("billing_billing_invoices", "billing_billing_invoices_history");
        assertThat(created.getAllValues().get(0).tableInput().storageDescriptor().columns())
                .extracting(c -> c.name() + ":" + c.type()).containsExactly("invoice_id:bigint");
        ArgumentCaptor<BatchCreatePartitionRequest> partitions = ArgumentCaptor.forClass(BatchCreatePartitionRequest.class);
        verify(glue, org.mockito.Mockito.times(2)).batchCreatePartition(partitions.capture());
        assertThat(partitions.getAllValues().get(0).partitionInputList()).extracting(p -> p.values())
                .containsExactly(List.of("1"), List.of("2"));
        assertThat(partitions.getAllValues().get(0).partitionInputList().get(1).storageDescriptor().location())
                .isEqualTo("s3://" + BUCKET + "/" + PREFIX + "/" + TASK + "/billing/billing.invoices/2/");
        assertThat(partitions.getAllValues().get(1).partitionInputList()).extracting(p -> p.values())
                .containsExactly(List.of(TASK, "1"), List.of(TASK, "2"));
        assertThat(output.get("tables").toString()).contains("action=created").contains("partitions=2");
    }

    @Test
    void register_sameExportAgain_changesNothing() {
        when(glue.getTable(any(GetTableRequest.class))).thenReturn(table(TASK, "2026-11-25T03:10:00Z"));
        PartitionError exists = PartitionError.builder().errorDetail(ErrorDetail.builder().errorCode("AlreadyExistsException").build()).build();
        when(glue.batchCreatePartition(any(BatchCreatePartitionRequest.class)))
                .thenReturn(BatchCreatePartitionResponse.builder().errors(exists, exists).build());

        Map<String, Object> output = registrar.register(export, log);

        verify(glue, never()).createTable(any(CreateTableRequest.class));
        verify(glue, never()).updateTable(any(UpdateTableRequest.class));
        assertThat(output.get("tables").toString()).contains("action=unchanged");
    }

    @Test
    void register_olderExportThanRegistered_keepsTheNewerCurrentTable() {
        when(glue.getTable(any(GetTableRequest.class))).thenReturn(table("exp-newer-0123456789", "2026-11-26T03:10:00Z"));

        Map<String, Object> output = registrar.register(export, log);

        verify(glue, never()).updateTable(any(UpdateTableRequest.class));
        assertThat(output.get("tables").toString()).contains("action=kept-newer");
    }

    @Test
    void register_noMetadataFile_explainsWhatIsMissing() {
        when(s3.listObjectsV2(any(ListObjectsV2Request.class))).thenReturn(ListObjectsV2Response.builder().isTruncated(false).build());

        assertThatThrownBy(() -> registrar.register(export, log))
                .isInstanceOf(CatalogRegistrationException.class).hasMessageContaining("export_tables_info_")
                .hasMessageContaining(TASK);
    }
}
