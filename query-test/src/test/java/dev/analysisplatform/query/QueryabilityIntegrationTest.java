package dev.analysisplatform.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.export.catalog.RegisterExportHandler;
import dev.analysisplatform.query.RdsTypes.RdsType;
import dev.analysisplatform.testing.MotoServerExtension;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every table registration creates answers SQL in Trino, the engine Athena v3 is built on, through the Glue catalog:
 * two days of exports of a PostgreSQL cluster and a MySQL instance (moto writes RDS's files: real Parquet with the
 * types RDS documents, tools/rds-types.tsv), registered by the registration function's handler, then queried.
 * Every source column type is read back in both of RDS's file layouts, from the current and the history table, and
 * compared with the value that was written.
 */
class QueryabilityIntegrationTest {

    private static final String REGION = "eu-west-1";

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension().asSdkDefault(REGION);

    private static final String BUCKET = "analysis-platform-qt-exports";
    private static final String DATABASE = "analysis_platform_qt";
    private static final List<String> DAYS = List.of("2026-11-23", "2026-11-24");

    private static RdsTypes types;
    private static GlueClient glue;
    private static GlueTrino trino;
    private static final Map<String, String> newestTask = new LinkedHashMap<>();

    @BeforeAll
    static void exportRegisterAndStartTrino() throws Exception {
        types = RdsTypes.read(Path.of(System.getProperty("rds.types", "../tools/rds-types.tsv")));
        glue = GlueClient.create();
        try (S3Client s3 = S3Client.create(); RdsClient rds = RdsClient.create()) {
            s3.createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint(REGION)));
            glue.createDatabase(b -> b.databaseInput(d -> d.name(DATABASE)));
            rds.createDBCluster(b -> b.dbClusterIdentifier("shop").engine("aurora-postgresql")
                    .masterUsername("demo_admin").masterUserPassword("example-only-1"));
            rds.createDBInstance(b -> b.dbInstanceIdentifier("billing").engine("mysql").dbInstanceClass("db.t3.micro")
                    .allocatedStorage(20).masterUsername("demo_admin").masterUserPassword("example-only-1"));
            RegisterExportHandler handler = new RegisterExportHandler(DATABASE, new RegisterExportHandler.Clients(glue, s3));
            for (String day : DAYS) {
                String shopSnapshot = rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier("shop")
                        .dbClusterSnapshotIdentifier("shop-" + day)).dbClusterSnapshot().dbClusterSnapshotArn();
                String billingSnapshot = rds.createDBSnapshot(b -> b.dbInstanceIdentifier("billing")
                        .dbSnapshotIdentifier("billing-" + day)).dbSnapshot().dbSnapshotArn();
                exportAndRegister(rds, handler, "shop", shopSnapshot, day);
                exportAndRegister(rds, handler, "billing", billingSnapshot, day);
            }
        }
        trino = GlueTrino.start(MOTO.endpoint(), REGION, DATABASE);
    }

    private static void exportAndRegister(RdsClient rds, RegisterExportHandler handler, String source, String snapshotArn,
                                          String day) throws Exception {
        String task = "exp-" + source + "-" + day;
        rds.startExportTask(b -> b.exportTaskIdentifier(task).sourceArn(snapshotArn).s3BucketName(BUCKET)
                .s3Prefix("exports/" + source).iamRoleArn("arn:aws:iam::123456789012:role/example-export")
                .kmsKeyId("arn:aws:kms:eu-west-1:123456789012:key/example"));
        Map<String, Object> input = Map.of("exportTaskIdentifier", task, "status", "COMPLETE", "sourceName", source,
                "s3Bucket", BUCKET, "s3Prefix", "exports/" + source, "snapshotIdentifier", source + "-" + day,
                "snapshotCreateTime", day + "T03:00:00Z", "dryRun", false);
        Context context = mock(Context.class);
        LambdaLogger logger = mock(LambdaLogger.class);
        doAnswer(call -> {
            String line = call.getArgument(0);
            if (line.contains("warn") || line.contains("WARN")) {
                System.out.println(line);
            }
            return null;
        }).when(logger).log(anyString(), any());
        when(context.getLogger()).thenReturn(logger);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.std.asBytes(input)), out, context);
        Map<String, Object> result = JSON.std.mapFrom(out.toString(StandardCharsets.UTF_8));
        assertThat(result).as("registration of %s", task).containsEntry("invalidTables", 0)
                // Two warnings: all_types_flat is in RDS's older layout, registered as one partition, and the
                // metadata holds a database-level entry (target: the database alone).
                .containsEntry("warnings", 2)
                .containsEntry("incompleteTables", 0);
        newestTask.put(source, task);
    }

    @AfterAll
    static void tearDown() {
        if (trino != null) {
            trino.close();
        }
        if (glue != null) {
            glue.close();
        }
    }

    /** Every table in the Glue database, with the row count SELECT * must return. */
    static Stream<Arguments> registeredTables() {
        Map<String, Integer> rowsPerExport = Map.of("shop_demo_public_orders", 3, "shop_demo_public_order_lines", 2,
                "shop_demo_public_all_types", 2, "shop_demo_public_all_types_flat", 2, "billing_demo_invoices", 2,
                "billing_demo_all_types", 2, "billing_demo_all_types_flat", 2,
                // Empty tables: RDS writes no folder for them; registered, with no rows.
                "shop_demo_public_returns", 0, "billing_demo_refunds", 0);
        return rowsPerExport.entrySet().stream().flatMap(e -> Stream.of(
                Arguments.of(e.getKey(), e.getValue()),
                Arguments.of(e.getKey() + "_history", e.getValue() * DAYS.size())));
    }

    @Test
    void theCatalogHoldsExactlyTheExpectedTables() {
        List<String> names = glue.getTablesPaginator(b -> b.databaseName(DATABASE)).stream()
                .flatMap(page -> page.tableList().stream())
                .map(Table::name).toList();
        assertThat(names).containsExactlyInAnyOrderElementsOf(registeredTables().map(a -> (String) a.get()[0]).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredTables")
    void everyRegisteredTableAnswersSelectStar(String table, int rows) {
        MaterializedResult all = trino.query("SELECT * FROM " + table);
        assertThat(all.getRowCount()).isEqualTo(rows);
        assertThat(all.getColumnNames()).contains("rds_partition");
    }

    static Stream<Arguments> typeTables() {
        return Stream.of("shop_demo_public_all_types", "shop_demo_public_all_types_flat", "billing_demo_all_types",
                "billing_demo_all_types_flat").flatMap(t -> Stream.of(Arguments.of(t), Arguments.of(t + "_history")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeTables")
    void everySourceColumnTypeReadsBackTheValueThatWasWritten(String table) {
        List<RdsType> columns = types.of(table.startsWith("shop") ? "postgres" : "mysql");
        Map<String, String> declared = glue.getTable(b -> b.databaseName(DATABASE).name(table)).table()
                .storageDescriptor().columns().stream().collect(Collectors.toMap(Column::name, Column::type));
        // Per column: how many values, whether the value equals the literal, and the value as text for the message.
        String aggregates = columns.stream().map(c -> "count(" + c.column() + "), max(" + c.column() + ") = "
                + c.literal() + ", " + (c.glueType().equals("binary") ? "to_hex(max(" + c.column() + "))"
                : "CAST(max(" + c.column() + ") AS varchar)")).collect(Collectors.joining(", "));
        MaterializedRow row = trino.query("SELECT " + aggregates + " FROM " + table).getMaterializedRows().get(0);
        long exports = table.endsWith("_history") ? DAYS.size() : 1;

        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < columns.size(); i++) {
            RdsType type = columns.get(i);
            String what = type.engine() + " " + type.sourceType() + " (" + type.parquet() + ") in " + table;
            softly.assertThat(declared.get(type.column())).as("Glue type of " + what).isEqualTo(type.glueType());
            softly.assertThat(row.getField(3 * i)).as("non-null values of " + what).isEqualTo(exports);
            softly.assertThat(row.getField(3 * i + 1)).as(what + " read as " + row.getField(3 * i + 2)
                    + ", expected " + type.literal()).isEqualTo(true);
        }
        softly.assertAll();
    }

    @Test
    void businessTablesAnswerTypedAggregatesAndPartitionFilters() {
        assertThat(single("SELECT sum(CAST(total AS decimal(12,2))) FROM shop_demo_public_orders"))
                .isEqualTo(new BigDecimal("145.49"));
        assertThat(single("SELECT count(*) FROM shop_demo_public_orders WHERE rds_partition = '2'")).isEqualTo(1L);
        assertThat(single("SELECT sum(quantity) FROM shop_demo_public_order_lines")).isEqualTo(3L);
        assertThat(single("SELECT sum(amount) FROM billing_demo_invoices")).isEqualTo(new BigDecimal("349.95"));
        assertThat(single("SELECT CAST(max(issued_at) AS varchar) FROM billing_demo_invoices"))
                .isEqualTo("2024-02-29 17:45:00.000");
    }

    @Test
    void historyTablesKeepEveryExportAndTheCurrentTableTheNewest() {
        MaterializedResult perExport = trino.query(
                "SELECT export_task, count(*) FROM shop_demo_public_orders_history GROUP BY export_task ORDER BY 1");
        assertThat(perExport.getMaterializedRows()).extracting(r -> r.getField(0) + "=" + r.getField(1))
                .containsExactly("exp-shop-2026-11-23=3", "exp-shop-2026-11-24=3");
        assertThat(glue.getTable(b -> b.databaseName(DATABASE).name("shop_demo_public_orders")).table()
                .storageDescriptor().location()).contains(newestTask.get("shop"));
    }

    /** The type table lives in docs/column-types.md (linked from the README); the example queries in the README. */
    @Test
    void theDocsTypeTableIsGeneratedFromTheSameFileAndTheReadmeShowsTheExampleQueries() throws Exception {
        Path typesDoc = Path.of(System.getProperty("column.types", "../docs/column-types.md"));
        String doc = Files.readString(typesDoc);
        String begin = "<!-- rds-types:begin (generated from tools/rds-types.tsv by QueryabilityIntegrationTest) -->\n";
        String end = "<!-- rds-types:end -->";
        assertThat(doc).as(typesDoc + " holds the type table between its markers").contains(begin).contains(end);
        String current = doc.substring(doc.indexOf(begin) + begin.length(), doc.indexOf(end));
        assertThat(current).as("type table in " + typesDoc + "; replace it with:\n" + types.markdown())
                .isEqualTo(types.markdown());
        assertThat(types.types()).hasSizeGreaterThanOrEqualTo(40);
        String readme = Files.readString(Path.of(System.getProperty("readme", "../README.md")));
        assertThat(readme).as("the README shows the queries ./run-local runs").contains(ExampleQueries.QUERIES);
    }

    private static Object single(String sql) {
        List<MaterializedRow> rows = new ArrayList<>(trino.query(sql).getMaterializedRows());
        assertThat(rows).hasSize(1);
        return rows.get(0).getField(0);
    }
}
