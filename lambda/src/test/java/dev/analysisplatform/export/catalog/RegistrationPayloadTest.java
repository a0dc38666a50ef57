package dev.analysisplatform.export.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.runtime.JsonOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;

/**
 * The registration step's output does not grow with the database: 5,000 tables with long names give the same few
 * hundred bytes as one. Step Functions fails (uncatchably) any state over 256 KiB; this output is carried through
 * the Map's results and the failure cause, so it must stay small by construction.
 */
class RegistrationPayloadTest {

    static final int TABLES = 5_000;
    /** A small fraction of the 256 KiB state limit: the output travels on in the source's state and outcome record. */
    static final int BUDGET_BYTES = 4 * 1024;

    @Test
    void register_fiveThousandTables_outputStaysWithinBudget() throws Exception {
        String longName = "t".repeat(200);
        String metadata = IntStream.range(0, TABLES).mapToObj(i -> "{\"status\":\"COMPLETE\",\"target\":\"db.public."
                        + longName + i + "\",\"schemaMetadata\":{\"originalTypeMappings\":[{\"columnName\":\"id\","
                        + "\"originalType\":\"bigint\",\"expectedExportedType\":\"int64\"}]}}")
                .collect(Collectors.joining(",", "{\"perTableStatus\":[", "]}"));
        S3Client s3 = mock(S3Client.class);
        when(s3.listObjectsV2Paginator(any(ListObjectsV2Request.class)))
                .thenAnswer(call -> new ListObjectsV2Iterable(s3, call.getArgument(0)));
        when(s3.listObjectsV2(any(ListObjectsV2Request.class))).thenAnswer(call -> {
            ListObjectsV2Request request = call.getArgument(0);
            if (request.prefix().endsWith("/exp-big-0123456789/") && request.delimiter() == null) {
                return ListObjectsV2Response.builder().contents(java.util.stream.Stream.concat(
                        Stream.of(S3Object.builder().key(request.prefix() + "export_tables_info_x_from_1_to_1.json").build()),
                        IntStream.range(0, TABLES).mapToObj(i -> S3Object.builder().key(request.prefix() + "db/public."
                                + longName + i + "/1/part-00000.gz.parquet").build())).toList()).build();
            }
            if (request.prefix().endsWith("export_tables_info_")) {
                return ListObjectsV2Response.builder().contents(S3Object.builder()
                        .key(request.prefix() + "x_from_1_to_1.json").build()).build();
            }
            return ListObjectsV2Response.builder().commonPrefixes(CommonPrefix.builder()
                    .prefix(request.prefix() + "1/").build()).build();
        });
        when(s3.getObject(any(GetObjectRequest.class), any(ResponseTransformer.class))).thenReturn(
                ResponseBytes.fromByteArray(GetObjectResponse.builder().build(), metadata.getBytes(StandardCharsets.UTF_8)));
        GlueClient glue = new InMemoryGlue().client;

        Map<String, Object> output = new CatalogRegistrar(glue, s3, "analysis_platform_dev").register(
                new RegisteredExport("big", "exp-big-0123456789", "example-exports", "exports/big/db", "big-snap",
                        Instant.parse("2026-11-25T03:10:00Z")), new DecisionLog(mock(LambdaLogger.class)));

        assertThat(output).containsEntry("tablesRegistered", TABLES).containsEntry("partitions", TABLES);
        assertThat(JsonOutput.asString(output).getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(BUDGET_BYTES);
    }
}
