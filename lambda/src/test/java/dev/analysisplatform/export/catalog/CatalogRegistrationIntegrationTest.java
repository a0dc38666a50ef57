package dev.analysisplatform.export.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.testing.MotoServerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Registration against moto's S3 and Glue: an export "completes" (RDS's metadata and partition folders are
 * placed in the bucket), the handler registers it, a newer export moves the current table, the older one stays
 * reachable in the history table, and registering again changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogRegistrationIntegrationTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension().asSdkDefault("eu-west-1");

    private static final String BUCKET = "analysis-platform-it-exports";
    private static final String PREFIX = "exports/shop/shop-orders";
    private static final String DATABASE = "analysis_platform_it";
    private static final String OLD = "exp-shop-orders-day1-0123456789";
    private static final String NEW = "exp-shop-orders-day2-9876543210";

    private static S3Client s3;
    private static GlueClient glue;
    private static RegisterExportHandler handler;

    @BeforeAll
    static void setUp() {
        s3 = S3Client.create();
        glue = GlueClient.create();
        s3.createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
        glue.createDatabase(b -> b.databaseInput(d -> d.name(DATABASE)));
        handler = new RegisterExportHandler(DATABASE, new RegisterExportHandler.Clients(glue, s3));
    }

    @AfterAll
    static void tearDown() {
        s3.close();
        glue.close();
    }

    /** What RDS writes when an export completes: metadata next to the data, one folder per partition. */
    private static void completeExport(String task, int partitions, boolean withDiscountColumn) {
        String root = PREFIX + "/" + task + "/";
        String columns = """
                {"columnName":"order_id","originalType":"bigint","expectedExportedType":"int64"},
                {"columnName":"total","originalType":"numeric","expectedExportedType":"binary (UTF8)"}""";
        if (withDiscountColumn) {
            columns += ",{\"columnName\":\"discount\",\"originalType\":\"numeric\",\"expectedExportedType\":\"binary (UTF8)\"}";
        }
        put(root + "export_info_" + task + ".json", "{\"exportTaskIdentifier\":\"" + task + "\",\"status\":\"COMPLETE\"}");
        put(root + "export_tables_info_" + task + "_from_1_to_1.json", "{\"perTableStatus\":[{\"status\":\"COMPLETE\","
                + "\"target\":\"shop.public.orders\",\"schemaMetadata\":{\"originalTypeMappings\":[" + columns + "]}}]}");
        for (int i = 1; i <= partitions; i++) {
            put(root + "shop/public.orders/" + i + "/part-00000-" + task + ".gz.parquet", "PAR1");
        }
    }

    private static void put(String key, String content) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    private static Map<String, Object> register(String task, String snapshotTime) throws Exception {
        Context context = mock(Context.class);
        when(context.getLogger()).thenReturn(mock(LambdaLogger.class));
        String input = JSON.std.asString(Map.of("exportTaskIdentifier", task, "status", "COMPLETE", "sourceName", "shop",
                "s3Bucket", BUCKET, "s3Prefix", PREFIX, "snapshotIdentifier", task.replace("exp-", ""),
                "snapshotCreateTime", snapshotTime, "dryRun", false, "sourceRoleArn", "arn:aws:iam::222222222222:role/x"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, context);
        return JSON.std.mapFrom(out.toString(StandardCharsets.UTF_8));
    }

    private static Table table(String name) {
        return glue.getTable(b -> b.databaseName(DATABASE).name(name)).table();
    }

    private static List<Partition> partitions(String table) {
        return glue.getPartitions(b -> b.databaseName(DATABASE).tableName(table)).partitions();
    }

    @Test
    @Order(1)
    void firstExport_createsTableOverEveryPartitionFolder() throws Exception {
        completeExport(OLD, 2, false);

        Map<String, Object> output = register(OLD, "2026-11-24T03:10:00Z");

        assertThat(output.get("tables").toString()).contains("shop_shop_public_orders").contains("action=created");
        Table current = table("shop_shop_public_orders");
        assertThat(current.storageDescriptor().columns()).extracting(c -> c.name() + ":" + c.type())
                .containsExactly("order_id:bigint", "total:string");
        assertThat(partitions("shop_shop_public_orders")).extracting(p -> p.storageDescriptor().location())
                .containsExactlyInAnyOrder(
                        "s3://" + BUCKET + "/" + PREFIX + "/" + OLD + "/shop/public.orders/1/",
                        "s3://" + BUCKET + "/" + PREFIX + "/" + OLD + "/shop/public.orders/2/");
    }

    @Test
    @Order(2)
    void newerExport_movesCurrentTableAndKeepsOlderInHistory() throws Exception {
        completeExport(NEW, 3, true);

        Map<String, Object> output = register(NEW, "2026-11-25T03:10:00Z");

        assertThat(output.get("tables").toString()).contains("action=moved");
        Table current = table("shop_shop_public_orders");
        assertThat(current.parameters()).containsEntry(CatalogRegistrar.EXPORT_PARAMETER, NEW);
        assertThat(current.storageDescriptor().columns()).extracting(c -> c.name()).contains("discount");
        assertThat(partitions("shop_shop_public_orders")).hasSize(3)
                .allSatisfy(p -> assertThat(p.storageDescriptor().location()).contains(NEW));
        assertThat(partitions("shop_shop_public_orders_history")).extracting(p -> p.values().get(0))
                .containsOnly(OLD, NEW).filteredOn(NEW::equals).hasSize(3);
        assertThat(partitions("shop_shop_public_orders_history")).filteredOn(p -> p.values().get(0).equals(OLD)).hasSize(2);
    }

    @Test
    @Order(3)
    void registeringAgain_changesNothing_andOlderExportNeverMovesCurrentBack() throws Exception {
        assertThat(register(NEW, "2026-11-25T03:10:00Z").get("tables").toString()).contains("action=unchanged");
        assertThat(register(OLD, "2026-11-24T03:10:00Z").get("tables").toString()).contains("action=kept-newer");

        assertThat(table("shop_shop_public_orders").parameters()).containsEntry(CatalogRegistrar.EXPORT_PARAMETER, NEW);
        assertThat(partitions("shop_shop_public_orders")).hasSize(3);
        assertThat(partitions("shop_shop_public_orders_history")).hasSize(5);
    }
}
