package dev.analysisplatform.export.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.analysisplatform.testing.MotoServerExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The catalog over many exports of a database that changes, against moto's S3 and Glue: the defects that made it
 * right on day one and silently wrong later. Each test plays a few days of one source; the data files are
 * placeholders (query-test/ reads real Parquet through Trino).
 */
class CatalogLifecycleIntegrationTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension().asSdkDefault("eu-west-1");

    private static final String BUCKET = "analysis-platform-lifecycle-exports";
    private static final String DATABASE = "analysis_platform_lifecycle";
    private static final String ID = "{\"columnName\":\"id\",\"originalType\":\"bigint\",\"expectedExportedType\":\"int64\"}";
    private static final String ID_INT = "{\"columnName\":\"id\",\"originalType\":\"integer\",\"expectedExportedType\":\"int32\"}";
    private static final String NOTE = "{\"columnName\":\"note\",\"originalType\":\"text\",\"expectedExportedType\":\"binary (UTF8)\"}";

    private static S3Client s3;
    private static GlueClient glue;
    private static EmulatedCatalog catalog;

    @BeforeAll
    static void setUp() {
        catalog = new EmulatedCatalog(BUCKET, DATABASE, "eu-west-1");
        s3 = catalog.s3;
        glue = catalog.glue;
    }

    @AfterAll
    static void tearDown() {
        catalog.close();
    }

    /** One table of an export as RDS lists it; {@code folders} = 0 writes no data folder. */
    private record T(String target, String status, String columns, int folders, double sizeGb) {
        static T ok(String target, String columns) {
            return new T(target, "COMPLETE", columns, 1, 0.01);
        }
    }

    /** Writes export {@code day} of {@code source} as RDS lays it out and returns its task identifier. */
    private static String export(String source, int day, T... tables) {
        return exportUnder(prefix(source), source, day, tables);
    }

    private static String exportUnder(String prefix, String source, int day, T... tables) {
        String task = "exp-" + source + "-day" + day;
        String root = prefix + "/" + task + "/";
        StringBuilder statuses = new StringBuilder();
        for (T table : tables) {
            statuses.append(statuses.length() == 0 ? "" : ",").append("{\"status\":\"").append(table.status())
                    .append("\",\"target\":\"").append(table.target()).append("\",\"sizeGB\":").append(table.sizeGb())
                    .append(",\"schemaMetadata\":{\"originalTypeMappings\":[").append(table.columns()).append("]}}");
            String[] parts = table.target().split("\\.", 2);
            if ("COMPLETE".equals(table.status())) {
                for (int i = 1; i <= table.folders(); i++) {
                    put(root + parts[0] + "/" + parts[1] + "/" + i + "/part-00000-" + task + ".gz.parquet", "PAR1");
                }
            }
        }
        put(root + "export_tables_info_" + task + "_from_1_to_" + tables.length + ".json",
                "{\"perTableStatus\":[" + statuses + "]}");
        return task;
    }

    private static String prefix(String source) {
        return "exports/" + source;
    }

    private static Map<String, Object> register(String source, int day) throws Exception {
        return register(source, day, null);
    }

    private static Map<String, Object> register(String source, int day, String warningMessage) throws Exception {
        return registerUnder(prefix(source), source, day, warningMessage);
    }

    private static Map<String, Object> registerUnder(String prefix, String source, int day, String warningMessage)
            throws Exception {
        Map<String, Object> input = new HashMap<>(Map.of("exportTaskIdentifier", "exp-" + source + "-day" + day,
                "status", "COMPLETE", "sourceName", source, "s3Bucket", BUCKET, "s3Prefix", prefix,
                "snapshotIdentifier", source + "-day" + day,
                "snapshotCreateTime", "2026-11-%02dT03:10:00Z".formatted(day), "dryRun", false));
        input.put("warningMessage", warningMessage);
        return catalog.register(input);
    }

    private static void put(String key, String content) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    /** What the bucket's lifecycle rule does after the retention period. */
    private static void expire(String source, int day) {
        String root = prefix(source) + "/exp-" + source + "-day" + day + "/";
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(root)).contents()) {
            s3.deleteObject(b -> b.bucket(BUCKET).key(object.key()));
        }
    }

    private static Table table(String name) {
        try {
            return glue.getTable(b -> b.databaseName(DATABASE).name(name)).table();
        } catch (EntityNotFoundException e) {
            return null;
        }
    }

    private static List<Partition> partitions(String table) {
        List<Partition> all = new ArrayList<>();
        glue.getPartitionsPaginator(b -> b.databaseName(DATABASE).tableName(table)).forEach(p -> all.addAll(p.partitions()));
        return all;
    }

    /** Glue table name -> the RDS table it holds, for every table of the source. */
    private static Map<String, String> owners(String source) {
        Map<String, String> owners = new LinkedHashMap<>();
        glue.getTablesPaginator(b -> b.databaseName(DATABASE).expression(source + "_.*")).forEach(page ->
                page.tableList().forEach(t -> owners.put(t.name(), t.parameters().get("analysis_platform.rds_target"))));
        return owners;
    }

    @Test
    void collidingNameAppearingLater_neverRenamesTheTableThatHadIt() throws Exception {
        export("ident", 1, T.ok("db.public.Orders", ID));
        register("ident", 1);
        export("ident", 2, T.ok("db.public.Orders", ID), T.ok("db.public.orders", ID));

        Map<String, Object> day2 = register("ident", 2);

        assertThat(owners("ident")).containsEntry("ident_db_public_orders", "db.public.Orders")
                .containsEntry("ident_db_public_orders_history", "db.public.Orders");
        String newcomer = owners("ident").entrySet().stream()
                .filter(e -> e.getValue().equals("db.public.orders") && !e.getKey().endsWith("_history"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(newcomer).matches("ident_db_public_orders_[0-9a-f]{8}");
        assertThat(partitions("ident_db_public_orders_history")).extracting(p -> p.values().get(0))
                .containsExactlyInAnyOrder("exp-ident-day1", "exp-ident-day2");
        assertThat(partitions(newcomer + "_history")).extracting(p -> p.values().get(0)).containsExactly("exp-ident-day2");
        assertThat(day2).containsEntry("warnings", 1);
    }

    @Test
    void tableNamedLikeAnotherTablesHistory_neverSharesIt() throws Exception {
        export("hist", 1, T.ok("db.public.orders_history", ID));
        register("hist", 1);
        export("hist", 2, T.ok("db.public.orders_history", ID), T.ok("db.public.orders", ID));

        register("hist", 2);

        Map<String, String> owners = owners("hist");
        assertThat(owners).containsEntry("hist_db_public_orders_history", "db.public.orders_history")
                .containsEntry("hist_db_public_orders_history_history", "db.public.orders_history")
                .doesNotContainKey("hist_db_public_orders");
        assertThat(owners.values()).filteredOn("db.public.orders"::equals).hasSize(2);
        assertThat(partitions("hist_db_public_orders_history")).singleElement()
                .satisfies(p -> assertThat(p.storageDescriptor().location()).contains("exp-hist-day2/db/public.orders_history/"));
    }

    @Test
    void failedTable_keepsItsPreviousExportMarkedStale_namedUntilAnExportBringsItAgain() throws Exception {
        export("stale", 1, T.ok("db.public.orders", ID));
        register("stale", 1);
        export("stale", 2, new T("db.public.orders", "FAILED", "", 0, 0), new T("db.public.never", "FAILED", "", 0, 0));

        Map<String, Object> day2 = register("stale", 2);

        Table orders = table("stale_db_public_orders");
        assertThat(orders.parameters()).containsEntry(CatalogRegistrar.EXPORT_PARAMETER, "exp-stale-day1")
                .containsEntry(CatalogUpkeep.STALE_SINCE_PARAMETER, "2026-11-02T03:10:00Z");
        assertThat(orders.parameters().get(CatalogUpkeep.STALE_REASON_PARAMETER)).contains("FAILED");
        assertThat(day2).containsEntry("incompleteTables", 2);
        assertThat(day2.get("incomplete").toString()).contains("db.public.orders").contains("keeps an earlier export")
                .contains("db.public.never").contains("no table in the catalog yet");
        assertThat(table("stale_db_public_never")).isNull();

        export("stale", 3, new T("db.public.orders", "FAILED", "", 0, 0));
        register("stale", 3);
        assertThat(table("stale_db_public_orders").parameters())
                .containsEntry(CatalogUpkeep.STALE_SINCE_PARAMETER, "2026-11-02T03:10:00Z");

        export("stale", 4, T.ok("db.public.orders", ID));
        Map<String, Object> day4 = register("stale", 4);
        assertThat(table("stale_db_public_orders").parameters()).containsEntry(CatalogRegistrar.EXPORT_PARAMETER, "exp-stale-day4")
                .doesNotContainKeys(CatalogUpkeep.STALE_SINCE_PARAMETER, CatalogUpkeep.STALE_REASON_PARAMETER);
        assertThat(day4).containsEntry("incompleteTables", 0);
    }

    @Test
    void completeWithoutItsDataFolder_isIncomplete_butATrulyEmptyTableIsRegisteredEmpty() throws Exception {
        export("nodata", 1, T.ok("db.public.orders", ID), T.ok("db.public.events", ID));
        register("nodata", 1);
        export("nodata", 2, new T("db.public.orders", "COMPLETE", ID, 0, 0.5), new T("db.public.events", "COMPLETE", ID, 0, 0));

        Map<String, Object> day2 = register("nodata", 2);

        assertThat(table("nodata_db_public_orders").parameters()).containsEntry(CatalogRegistrar.EXPORT_PARAMETER, "exp-nodata-day1")
                .containsKey(CatalogUpkeep.STALE_SINCE_PARAMETER);
        assertThat(partitions("nodata_db_public_orders")).singleElement()
                .satisfies(p -> assertThat(p.storageDescriptor().location()).contains("exp-nodata-day1"));
        assertThat(day2.get("incomplete").toString()).contains("db.public.orders").contains("sizeGB 0.5");
        assertThat(table("nodata_db_public_events").parameters()).containsEntry(CatalogRegistrar.EXPORT_PARAMETER, "exp-nodata-day2");
        assertThat(partitions("nodata_db_public_events")).isEmpty();
        assertThat(day2).containsEntry("incompleteTables", 1);
    }

    @Test
    void skippedInTheTasksWarningMessage_isIncomplete_evenWhenListedComplete() throws Exception {
        export("skip", 1, T.ok("db.public.orders", ID));
        register("skip", 1);
        export("skip", 2, T.ok("db.public.orders", ID));

        Map<String, Object> day2 = register("skip", 2,
                "{\"skippedTables\":[\"db.public.orders\",\"db.public.big\"],\"general\":[\"some tables were skipped\"]}");

        assertThat(table("skip_db_public_orders").parameters()).containsEntry(CatalogRegistrar.EXPORT_PARAMETER, "exp-skip-day1");
        assertThat(day2).containsEntry("incompleteTables", 2);
        assertThat(day2.get("incomplete").toString()).contains("db.public.big");
    }

    @Test
    void droppedColumn_staysQueryableInOlderExports_andATypeChangeKeepsEachPartitionsOwnType() throws Exception {
        export("drift", 1, T.ok("db.public.orders", ID + "," + NOTE));
        register("drift", 1);
        export("drift", 2, T.ok("db.public.orders", ID_INT));

        register("drift", 2);

        Table history = table("drift_db_public_orders_history");
        assertThat(history.storageDescriptor().columns()).extracting(c -> c.name() + ":" + c.type())
                .containsExactly("id:int", "note:string");
        assertThat(table("drift_db_public_orders").storageDescriptor().columns()).extracting(c -> c.name() + ":" + c.type())
                .containsExactly("id:int");
        Map<String, List<String>> byExport = new HashMap<>();
        partitions("drift_db_public_orders_history").forEach(p -> byExport.put(p.values().get(0),
                p.storageDescriptor().columns().stream().map(c -> c.name() + ":" + c.type()).toList()));
        assertThat(byExport).containsEntry("exp-drift-day1", List.of("id:bigint", "note:string"))
                .containsEntry("exp-drift-day2", List.of("id:int"));

        register("drift", 1);
        assertThat(table("drift_db_public_orders_history").storageDescriptor().columns()).extracting(c -> c.name() + ":" + c.type())
                .as("re-registering the older export never puts its types back").containsExactly("id:int", "note:string");
    }

    /**
     * Upgrading to the account-scoped layout: the exports written before it stay in exports/<source>/<db>/, and the first
     * export under exports/<account>/<source>/<db>/ must not take them for deleted (history partitions removed, a table
     * only they hold retired).
     */
    @Test
    void exportsFromBeforeTheAccountSegment_stayInTheHistory_andATableOnlyTheyHoldIsStaleNotRemoved() throws Exception {
        exportUnder("exports/up/db", "up", 1, T.ok("db.public.orders", ID), T.ok("db.public.dropped", ID));
        registerUnder("exports/up/db", "up", 1, null);
        exportUnder("exports/222222222222/up/db", "up", 2, T.ok("db.public.orders", ID));

        Map<String, Object> day2 = registerUnder("exports/222222222222/up/db", "up", 2, null);

        assertThat(partitions("up_db_public_orders_history")).extracting(p -> p.values().get(0))
                .containsExactlyInAnyOrder("exp-up-day1", "exp-up-day2");
        assertThat(table("up_db_public_dropped")).isNotNull();
        assertThat(table("up_db_public_dropped").parameters().get(CatalogUpkeep.STALE_REASON_PARAMETER))
                .contains("not in export exp-up-day2");
        assertThat(partitions("up_db_public_dropped_history")).extracting(p -> p.values().get(0))
                .containsExactly("exp-up-day1");
        assertThat(day2).containsEntry("absentTables", 1);
    }

    @Test
    void exportsTheLifecycleRuleDeleted_leaveTheCatalog_andADroppedTableWithThemIsRemovedAndNamed() throws Exception {
        export("ret", 1, T.ok("db.public.orders", ID + "," + NOTE), T.ok("db.public.dropped", ID));
        register("ret", 1);
        export("ret", 2, T.ok("db.public.orders", ID));
        Map<String, Object> day2 = register("ret", 2);
        assertThat(day2).containsEntry("absentTables", 1);
        assertThat(table("ret_db_public_dropped").parameters().get(CatalogUpkeep.STALE_REASON_PARAMETER))
                .contains("not in export exp-ret-day2");

        expire("ret", 1);
        export("ret", 3, T.ok("db.public.orders", ID));
        Map<String, Object> day3 = register("ret", 3);

        assertThat(partitions("ret_db_public_orders_history")).extracting(p -> p.values().get(0))
                .containsExactlyInAnyOrder("exp-ret-day2", "exp-ret-day3");
        assertThat(table("ret_db_public_orders_history").storageDescriptor().columns()).extracting(c -> c.name())
                .as("no export left has the dropped column").containsExactly("id");
        assertThat(table("ret_db_public_dropped")).isNull();
        assertThat(table("ret_db_public_dropped_history")).isNull();
        assertThat(day3).containsEntry("incompleteTables", 1);
        assertThat(day3.get("incomplete").toString()).contains("db.public.dropped").contains("lifecycle");
    }

    /** Glue refuses the current table's update after its partitions were moved (a denied or failing call). */
    @Test
    void registrationFailingAtTheCurrentTable_leavesTableAndPartitionsWholeOnThePreviousExport() throws Exception {
        export("half", 1, T.ok("db.public.orders", ID));
        register("half", 1);
        export("half", 2, T.ok("db.public.orders", ID));
        software.amazon.awssdk.core.interceptor.ExecutionInterceptor deny =
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (context.request() instanceof software.amazon.awssdk.services.glue.model.UpdateTableRequest u
                                && u.tableInput().name().equals("half_db_public_orders")) {
                            throw software.amazon.awssdk.services.glue.model.GlueException.builder().statusCode(400)
                                    .message("User is not authorized to perform: glue:UpdateTable")
                                    .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                            .errorCode("AccessDeniedException").serviceName("Glue").build()).build();
                        }
                    }
                };
        try (GlueClient denying = GlueClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(deny)).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CatalogRegistrar(denying, s3, DATABASE).register(
                    new RegisteredExport("half", "exp-half-day2", BUCKET, prefix("half"), "half-day2",
                            java.time.Instant.parse("2026-11-02T03:10:00Z")),
                    new dev.analysisplatform.export.runtime.DecisionLog(mock(LambdaLogger.class))))
                    .isInstanceOf(dev.analysisplatform.export.errors.CatalogAccessDeniedException.class)
                    .hasMessageContaining("WriteExportTables");
        }

        assertThat(table("half_db_public_orders").parameters()).containsEntry(CatalogRegistrar.EXPORT_PARAMETER, "exp-half-day1");
        assertThat(partitions("half_db_public_orders")).singleElement()
                .satisfies(p -> assertThat(p.storageDescriptor().location()).contains("exp-half-day1"));
        assertThat(register("half", 2)).as("the retry registers it whole").containsEntry("tablesRegistered", 1);
        assertThat(partitions("half_db_public_orders")).singleElement()
                .satisfies(p -> assertThat(p.storageDescriptor().location()).contains("exp-half-day2"));
    }

    @Test
    void databaseLevelEntryMarkedComplete_isAWarning_theTablesAreRegistered() throws Exception {
        String task = export("dbentry", 1, T.ok("db.public.orders", ID));
        put(prefix("dbentry") + "/" + task + "/export_tables_info_" + task + "_from_2_to_2.json",
                "{\"perTableStatus\":[{\"target\":\"db\",\"status\":\"COMPLETE\",\"warningMessage\":\"Some tables were "
                        + "not exported\"}]}");

        Map<String, Object> output = register("dbentry", 1);

        assertThat(output).containsEntry("tablesRegistered", 1).containsEntry("warnings", 1);
        assertThat(table("dbentry_db_public_orders")).isNotNull();
    }
}
