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
import dev.analysisplatform.export.runtime.DecisionLog;
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
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;
import software.amazon.awssdk.services.glue.paginators.GetPartitionsIterable;
import software.amazon.awssdk.services.glue.model.GetPartitionsRequest;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.GetDatabaseRequest;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import dev.analysisplatform.export.errors.AwsUnavailableException;

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
            if (request.prefix().equals(root) && request.delimiter() == null) {
                return ListObjectsV2Response.builder().isTruncated(false).contents(
                        S3Object.builder().key(root + "export_tables_info_" + TASK + "_from_1_to_1.json").build(),
                        S3Object.builder().key(root + "billing/billing.invoices/1/part-00000.gz.parquet").build(),
                        S3Object.builder().key(root + "billing/billing.invoices/2/part-00000.gz.parquet").build()).build();
            }
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
        // The SDK's paginators are default methods of the client interface; let them page over the stubs above.
        lenient().when(s3.listObjectsV2Paginator(any(ListObjectsV2Request.class)))
                .thenAnswer(call -> new ListObjectsV2Iterable(s3, call.getArgument(0)));
        lenient().when(glue.getPartitionsPaginator(any(GetPartitionsRequest.class)))
                .thenAnswer(call -> new GetPartitionsIterable(glue, call.getArgument(0)));
        lenient().when(glue.getPartitions(any(GetPartitionsRequest.class)))
                .thenReturn(GetPartitionsResponse.builder().build());
        lenient().when(glue.getTablesPaginator(any(software.amazon.awssdk.services.glue.model.GetTablesRequest.class)))
                .thenAnswer(call -> new software.amazon.awssdk.services.glue.paginators.GetTablesIterable(glue, call.getArgument(0)));
        lenient().when(glue.getTables(any(software.amazon.awssdk.services.glue.model.GetTablesRequest.class)))
                .thenReturn(software.amazon.awssdk.services.glue.model.GetTablesResponse.builder().build());
    }

    private static ListObjectsV2Response folders(String... prefixes) {
        return ListObjectsV2Response.builder().isTruncated(false)
                .commonPrefixes(java.util.Arrays.stream(prefixes).map(p -> CommonPrefix.builder().prefix(p).build()).toList())
                .build();
    }

    @Test
    void register_tableWithCaseCollidingColumns_registersTheOthersThenFailsNamingIt() {
        metadata("""
                {"perTableStatus":[
                  {"status":"COMPLETE","target":"billing.invoices","schemaMetadata":{"originalTypeMappings":[
                    {"columnName":"invoice_id","originalType":"bigint","expectedExportedType":"int64"}]}},
                  {"status":"COMPLETE","target":"billing.Weird","schemaMetadata":{"originalTypeMappings":[
                    {"columnName":"A","originalType":"int","expectedExportedType":"int32"},
                    {"columnName":"a","originalType":"int","expectedExportedType":"int32"}]}}]}""");
        // Glue as far as this test needs it: a created table can be read back.
        Map<String, Table> catalog = new java.util.concurrent.ConcurrentHashMap<>();
        when(glue.createTable(any(CreateTableRequest.class))).thenAnswer(call -> {
            var input = call.<CreateTableRequest>getArgument(0).tableInput();
            catalog.put(input.name(), Table.builder().name(input.name()).versionId("1").parameters(input.parameters())
                    .partitionKeys(input.partitionKeys()).storageDescriptor(input.storageDescriptor()).build());
            return null;
        });
        lenient().when(glue.getTable(any(GetTableRequest.class))).thenAnswer(call -> {
            Table table = catalog.get(call.<GetTableRequest>getArgument(0).name());
            if (table == null) {
                throw EntityNotFoundException.builder().message("none").build();
            }
            return GetTableResponse.builder().table(table).build();
        });

        assertThatThrownBy(() -> registrar.register(export, log))
                .isInstanceOf(CatalogRegistrationException.class)
                .hasMessageContaining("billing.Weird").hasMessageContaining("'A' and 'a'");
        ArgumentCaptor<CreateTableRequest> created = ArgumentCaptor.forClass(CreateTableRequest.class);
        verify(glue, org.mockito.Mockito.times(2)).createTable(created.capture());
        assertThat(created.getAllValues()).extracting(r -> r.tableInput().name())
                .containsExactlyInAnyOrder("billing_billing_invoices", "billing_billing_invoices_history");
    }

    @Test
    void register_missingDatabase_namesTheDatabase() {
        when(glue.getDatabase(any(GetDatabaseRequest.class))).thenThrow(EntityNotFoundException.builder()
                .message("Database analysis_platform_test not found.").build());

        assertThatThrownBy(() -> registrar.register(export, log))
                .isInstanceOf(CatalogRegistrationException.class).hasMessageContaining("analysis_platform_test")
                .hasMessageContaining("analytics stack");
    }

    @Test
    void register_missingBucket_namesTheBucket() {
        when(s3.listObjectsV2(any(ListObjectsV2Request.class))).thenThrow(NoSuchBucketException.builder()
                .message("The specified bucket does not exist").build());

        assertThatThrownBy(() -> registrar.register(export, log))
                .isInstanceOf(CatalogRegistrationException.class).hasMessageContaining(BUCKET);
    }

    @Test
    void register_glueUnavailable_isTransientNamedError() {
        when(glue.getDatabase(any(GetDatabaseRequest.class))).thenThrow(GlueException.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailable").build()).build());

        assertThatThrownBy(() -> registrar.register(export, log))
                .isInstanceOf(AwsUnavailableException.class).hasMessageContaining(TASK);
    }

    @Test
    void register_glueDenies_namesTheRolesGlueActionsToCheck() {
        when(glue.getDatabase(any(GetDatabaseRequest.class))).thenThrow(GlueException.builder().statusCode(400)
                .message("User is not authorized to perform: glue:GetDatabase")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").serviceName("Glue").build())
                .build());

        assertThatThrownBy(() -> registrar.register(export, log))
                .isInstanceOf(dev.analysisplatform.export.errors.CatalogAccessDeniedException.class)
                .hasMessageContaining("Glue denied").hasMessageContaining(TASK).hasMessageContaining("WriteExportTables")
                .hasMessageContaining("analysis_platform_test");
    }

    @Test
    void register_s3DeniesTheKey_namesKmsDecryptAndTheKeyPolicy() {
        when(s3.listObjectsV2(any(ListObjectsV2Request.class))).thenThrow(
                software.amazon.awssdk.services.s3.model.S3Exception.builder().statusCode(403)
                        .message("User is not authorized to perform: kms:Decrypt on the resource")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").serviceName("S3").build())
                        .build());

        assertThatThrownBy(() -> registrar.register(export, log))
                .isInstanceOf(dev.analysisplatform.export.errors.CatalogAccessDeniedException.class)
                .hasMessageContaining("S3 denied").hasMessageContaining("kms:Decrypt").hasMessageContaining("key policy");
    }

    @Test
    void register_s3DeniesTheBucket_namesListBucketAndTheBucketPolicy() {
        when(s3.listObjectsV2(any(ListObjectsV2Request.class))).thenThrow(
                software.amazon.awssdk.services.s3.model.S3Exception.builder().statusCode(403).message("Access Denied")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").serviceName("S3").build())
                        .build());

        assertThatThrownBy(() -> registrar.register(export, log))
                .isInstanceOf(dev.analysisplatform.export.errors.CatalogAccessDeniedException.class)
                .hasMessageContaining("s3:ListBucket on s3://" + BUCKET).hasMessageContaining("bucket policy");
    }

    private void metadata(String json) {
        when(s3.getObject(any(GetObjectRequest.class), any(ResponseTransformer.class)))
                .thenReturn(ResponseBytes.fromByteArray(software.amazon.awssdk.services.s3.model.GetObjectResponse.builder().build(),
                        json.getBytes()));
    }

    @Test
    void register_noMetadataFile_explainsWhatIsMissing() {
        when(s3.listObjectsV2(any(ListObjectsV2Request.class))).thenReturn(ListObjectsV2Response.builder().isTruncated(false).build());

        assertThatThrownBy(() -> registrar.register(export, log))
                .isInstanceOf(CatalogRegistrationException.class).hasMessageContaining("export_tables_info_")
                .hasMessageContaining(TASK);
    }
}
