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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.GetPartitionsRequest;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;
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
    private static EmulatedCatalog catalog;

    @BeforeAll
    static void setUp() {
        catalog = new EmulatedCatalog(BUCKET, DATABASE, "eu-west-1");
        s3 = catalog.s3;
        glue = catalog.glue;
        handler = catalog.handler;
    }

    @AfterAll
    static void tearDown() {
        catalog.close();
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

    /** One export of {@code source} with the given tables (target, columns JSON) and partition folders. */
    private static void completeExport(String source, String task, Map<String, String> tables, int partitions,
                                       boolean flat) {
        String root = "exports/" + source + "/db/" + task + "/";
        StringBuilder statuses = new StringBuilder();
        for (Map.Entry<String, String> table : tables.entrySet()) {
            statuses.append(statuses.length() == 0 ? "" : ",").append("{\"status\":\"COMPLETE\",\"target\":\"")
                    .append(table.getKey()).append("\",\"schemaMetadata\":{\"originalTypeMappings\":[")
                    .append(table.getValue()).append("]}}");
            String[] parts = table.getKey().split("\\.", 2);
            String folder = root + parts[0] + "/" + parts[1] + "/";
            for (int i = 1; i <= partitions; i++) {
                put(folder + (flat ? "" : i + "/") + "part-0000" + i + "-" + task + ".gz.parquet", "PAR1");
            }
        }
        put(root + "export_tables_info_" + task + "_from_1_to_1.json", "{\"perTableStatus\":[" + statuses + "]}");
    }

    private static Map<String, Object> register(String source, String task, String snapshotTime) throws Exception {
        return invoke(Map.of("exportTaskIdentifier", task, "status", "COMPLETE", "sourceName", source,
                "s3Bucket", BUCKET, "s3Prefix", "exports/" + source + "/db", "snapshotIdentifier", task,
                "snapshotCreateTime", snapshotTime, "dryRun", false));
    }

    private static final String ONE_COLUMN = "{\"columnName\":\"id\",\"originalType\":\"bigint\",\"expectedExportedType\":\"int64\"}";

    private static void put(String key, String content) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    private static Map<String, Object> register(String task, String snapshotTime) throws Exception {
        return invoke(Map.of("exportTaskIdentifier", task, "status", "COMPLETE", "sourceName", "shop",
                "s3Bucket", BUCKET, "s3Prefix", PREFIX, "snapshotIdentifier", task.replace("exp-", ""),
                "snapshotCreateTime", snapshotTime, "dryRun", false, "sourceRoleArn", "arn:aws:iam::222222222222:role/x"));
    }

    private static Map<String, Object> invoke(Map<String, Object> fields) throws Exception {
        return catalog.register(fields);
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

        assertThat(output.get("sample").toString()).contains("shop_shop_public_orders").contains("action=created");
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

        assertThat(output.get("sample").toString()).contains("action=moved");
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
        assertThat(register(NEW, "2026-11-25T03:10:00Z").get("sample").toString()).contains("action=unchanged");
        assertThat(register(OLD, "2026-11-24T03:10:00Z").get("sample").toString()).contains("action=kept-newer");

        assertThat(table("shop_shop_public_orders").parameters()).containsEntry(CatalogRegistrar.EXPORT_PARAMETER, NEW);
        assertThat(partitions("shop_shop_public_orders")).hasSize(3);
        assertThat(partitions("shop_shop_public_orders_history")).hasSize(5);
    }

    @Test
    @Order(4)
    void fiveRegistrationsOfOneExportAtOnce_allSucceed_oneCreates() throws Exception {
        completeExport("race1", "exp-race1-day1-0123456789", Map.of("db.public.orders", ONE_COLUMN), 2, false);

        List<Object> outcomes = concurrently(5, i -> register("race1", "exp-race1-day1-0123456789", "2026-11-24T03:10:00Z"));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Map.class));
        assertThat(outcomes).extracting(o -> o.toString().contains("action=created")).containsOnlyOnce(true);
        assertThat(partitions("race1_db_public_orders")).hasSize(2);
        assertThat(partitions("race1_db_public_orders_history")).hasSize(2);
    }

    @Test
    @Order(5)
    void olderAndNewerExportRegisteringAtOnce_currentTableAndPartitionsEndOnTheNewest() throws Exception {
        // Repeated, because the interleavings differ from try to try; before optimistic concurrency, several of
        // these left the current table (or its partitions) on the older export.
        for (int round = 0; round < 8; round++) {
            String source = "race2r" + round;
            String older = "exp-" + source + "-day1-0123456789";
            String newer = "exp-" + source + "-day2-0123456789";
            completeExport(source, older, Map.of("db.public.orders", ONE_COLUMN), 2, false);
            completeExport(source, newer, Map.of("db.public.orders", ONE_COLUMN), 3, false);

            List<Object> outcomes = concurrently(4, i -> i % 2 == 0
                    ? register(source, older, "2026-11-24T03:10:00Z") : register(source, newer, "2026-11-25T03:10:00Z"));

            assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Map.class));
            String table = source + "_db_public_orders";
            assertThat(table(table).parameters()).as("round %d", round).containsEntry(CatalogRegistrar.EXPORT_PARAMETER, newer);
            assertThat(partitions(table)).as("round %d", round).hasSize(3)
                    .allSatisfy(p -> assertThat(p.storageDescriptor().location()).contains(newer));
            assertThat(partitions(table + "_history")).hasSize(5);
        }
    }

    @Test
    @Order(6)
    void tablesSharingAGlueName_areBothRegisteredUnderDistinctNames() throws Exception {
        completeExport("names", "exp-names-day1-0123456789", Map.of("db.public.orders", ONE_COLUMN,
                "db.public.Orders", ONE_COLUMN, "db.public.order-items", ONE_COLUMN, "db.public.order_items", ONE_COLUMN), 1, false);

        Map<String, Object> output = register("names", "exp-names-day1-0123456789", "2026-11-24T03:10:00Z");

        assertThat(output).containsEntry("tablesRegistered", 4).containsEntry("warnings", 2);
        List<String> names = glue.getTables(b -> b.databaseName(DATABASE).expression("names_.*")).tableList().stream()
                .map(Table::name).filter(n -> !n.endsWith("_history")).toList();
        assertThat(names).hasSize(4).contains("names_db_public_orders", "names_db_public_order_items")
                .allSatisfy(n -> assertThat(partitions(n)).hasSize(1));
        String renamed = names.stream().filter(n -> n.startsWith("names_db_public_orders_")).findFirst().orElseThrow();
        assertThat(table(renamed).parameters()).containsEntry("analysis_platform.rds_target", "db.public.Orders");
    }

    @Test
    @Order(7)
    void olderLayoutWithoutPartitionFolders_isOnePartitionAtTheTableFolder() throws Exception {
        completeExport("flat", "exp-flat-day1-0123456789", Map.of("db.public.orders", ONE_COLUMN), 1, true);

        Map<String, Object> output = register("flat", "exp-flat-day1-0123456789", "2026-11-24T03:10:00Z");

        assertThat(output).containsEntry("warnings", 1);
        assertThat(partitions("flat_db_public_orders")).singleElement().satisfies(p -> {
            assertThat(p.values()).containsExactly(ExportFiles.FLAT_PARTITION);
            assertThat(p.storageDescriptor().location())
                    .isEqualTo("s3://" + BUCKET + "/exports/flat/db/exp-flat-day1-0123456789/db/public.orders/");
        });
        assertThat(partitions("flat_db_public_orders_history")).singleElement()
                .satisfies(p -> assertThat(p.values()).containsExactly("exp-flat-day1-0123456789", "0"));
    }

    @Test
    @Order(7)
    @SuppressWarnings("unchecked")
    void everyRegistration_emitsFreshnessAndTableCountsAsEmbeddedMetrics() throws Exception {
        String task = "exp-fresh-day1-0123456789";
        completeExport("fresh", task, Map.of("db.public.orders", ONE_COLUMN, "db.public.items", ONE_COLUMN), 1, false);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        java.time.Clock now = java.time.Clock.fixed(java.time.Instant.parse("2026-11-25T19:10:00Z"), java.time.ZoneOffset.UTC);
        RegisterExportHandler measured = new RegisterExportHandler(DATABASE, new RegisterExportHandler.Clients(glue, s3),
                new dev.analysisplatform.export.runtime.ExportMetrics(new java.io.PrintStream(stdout, true,
                        StandardCharsets.UTF_8), now));
        Context context = mock(Context.class);
        when(context.getLogger()).thenReturn(mock(LambdaLogger.class));
        String input = JSON.std.asString(Map.of("exportTaskIdentifier", task, "status", "COMPLETE", "sourceName", "fresh",
                "s3Bucket", BUCKET, "s3Prefix", "exports/fresh/db", "snapshotIdentifier", task,
                "snapshotCreateTime", "2026-11-24T03:10:00Z", "dryRun", false));

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        measured.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, context);

        // The run summary carries the same age per source (the state machine copies it into the source's outcome).
        assertThat(JSON.std.mapFrom(output.toString(StandardCharsets.UTF_8))).containsEntry("dataAgeHours", 40);
        Map<String, Object> line = JSON.std.mapFrom(stdout.toString(StandardCharsets.UTF_8).strip());
        // The snapshot is 40 hours old when registered: what the freshness alarm compares with its threshold.
        assertThat(line).containsEntry("Source", "fresh").containsEntry("DataAgeHours", 40)
                .containsEntry("TablesRegistered", 2).containsEntry("TablesSkipped", 0);
        assertThat(line.get("_aws").toString()).contains("AnalysisPlatform").contains("DataAgeHours");
    }

    @Test
    @Order(8)
    void namesWithSpacesAndQuotes_areFoundInTheFoldersRdsRenamed() throws Exception {
        String task = "exp-odd-day1-0123456789";
        put("exports/odd/db/" + task + "/export_tables_info_" + task + "_from_1_to_1.json",
                "{\"perTableStatus\":[{\"status\":\"COMPLETE\",\"target\":\"my db.public.order lines\","
                        + "\"schemaMetadata\":{\"originalTypeMappings\":[" + ONE_COLUMN + "]}}]}");
        put("exports/odd/db/" + task + "/my_db/public.order_lines/1/part-00000.gz.parquet", "PAR1");

        register("odd", task, "2026-11-24T03:10:00Z");

        assertThat(partitions("odd_my_db_public_order_lines")).singleElement()
                .satisfies(p -> assertThat(p.storageDescriptor().location()).endsWith("/my_db/public.order_lines/1/"));
    }

    @ParameterizedTest(name = "newer export registers just before the older one''s {0}")
    @ValueSource(strings = {"UpdateTable", "BatchUpdatePartition"})
    @Order(9)
    void newerExportRegistersInTheMiddleOfAnOlderOne_currentTableAndPartitionsEndOnTheNewest(String moment)
            throws Exception {
        // A race made to happen: the older registration is paused at `moment` while the newer one runs to the end.
        String source = "inject" + moment.toLowerCase(java.util.Locale.ROOT);
        String table = source + "_db_public_orders";
        String day0 = "exp-" + source + "-day0-0123456789";
        String older = "exp-" + source + "-day1-0123456789";
        String newer = "exp-" + source + "-day2-0123456789";
        completeExport(source, day0, Map.of("db.public.orders", ONE_COLUMN), 1, false);
        completeExport(source, older, Map.of("db.public.orders", ONE_COLUMN), 2, false);
        completeExport(source, newer, Map.of("db.public.orders", ONE_COLUMN), 3, false);
        register(source, day0, "2026-11-23T03:10:00Z");
        java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutionInterceptor pause = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                        ExecutionAttributes attributes) {
                boolean atMoment = context.request() instanceof UpdateTableRequest update
                        ? moment.equals("UpdateTable") && update.tableInput().name().equals(table)
                        : context.request() instanceof software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequest move
                                && moment.equals("BatchUpdatePartition") && move.tableName().equals(table);
                if (atMoment && fired.compareAndSet(false, true)) {
                    try {
                        register(source, newer, "2026-11-25T03:10:00Z");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        try (GlueClient pausingGlue = GlueClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(pause)).build()) {
            new CatalogRegistrar(pausingGlue, s3, DATABASE).register(new RegisteredExport(source, older, BUCKET,
                    "exports/" + source + "/db", older, java.time.Instant.parse("2026-11-24T03:10:00Z")),
                    new dev.analysisplatform.export.runtime.DecisionLog(mock(LambdaLogger.class)));
        }

        assertThat(fired).isTrue();
        assertThat(table(table).parameters()).containsEntry(CatalogRegistrar.EXPORT_PARAMETER, newer);
        assertThat(partitions(table)).hasSize(3).allSatisfy(p -> assertThat(p.storageDescriptor().location()).contains(newer));
        assertThat(partitions(table + "_history")).hasSize(6);
    }

    private interface Call {
        Object call(int index) throws Exception;
    }

    /** Runs the calls at the same moment on separate threads; each result is the call's value or its exception. */
    private static List<Object> concurrently(int count, Call call) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(count);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<Object>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return call.call(index);
                    } catch (Exception e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> results = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Object> future : futures) {
                results.add(future.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
