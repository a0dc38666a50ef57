package dev.analysisplatform.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.export.catalog.RegisterExportHandler;
import dev.analysisplatform.query.ChangingDatabases.Source;
import dev.analysisplatform.query.ChangingDatabases.TableExport;
import dev.analysisplatform.testing.MotoServerExtension;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Day 100, in a month: {@value ChangingDatabases#DAYS} daily exports of a PostgreSQL and a MySQL database that keep
 * changing (see {@link ChangingDatabases}), written as RDS writes them (tools/rds_export_simulation.py: pyarrow
 * Parquet, many part files with gaps, several metadata files), registered by the registration function's handler,
 * with the lifecycle rule deleting exports older than {@value ChangingDatabases#RETAINED} days. After every day, Trino
 * (Athena's engine) must answer from the catalog exactly what the exports hold:
 * <ul>
 *   <li>every current table equals its newest export that brought the table, and says since when it is stale when
 *       that export is not today's;</li>
 *   <li>every history table answers each retained export with that export's rows and columns (null in columns the
 *       export did not have), and nothing of a deleted export;</li>
 *   <li>every Glue name holds one RDS table, the same from the day it first appeared;</li>
 *   <li>every table without fresh data is counted in the registration's result and named in its sample.</li>
 * </ul>
 */
class LakeOverTimeIntegrationTest {

    private static final String REGION = "eu-west-1";
    private static final String BUCKET = "analysis-platform-lake-exports";
    private static final String DATABASE = "analysis_platform_lake";
    private static final String STALE_SINCE = "analysis_platform.stale_since";

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension().asSdkDefault(REGION);

    private static GlueClient glue;
    private static S3Client s3;
    private static GlueTrino trino;
    private static RegisterExportHandler handler;

    @BeforeAll
    static void writeEveryExportAndStartTrino() throws Exception {
        glue = GlueClient.create();
        s3 = S3Client.create();
        s3.createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint(REGION)));
        glue.createDatabase(b -> b.databaseInput(d -> d.name(DATABASE)));
        handler = new RegisterExportHandler(DATABASE, new RegisterExportHandler.Clients(glue, s3));
        Map<String, Object> written = simulate(ChangingDatabases.spec());
        assertThat(written).hasSize(ChangingDatabases.DAYS * ChangingDatabases.SOURCES.size());
        warningMessages.putAll(warningMessagesOf(written));
        trino = GlueTrino.start(MOTO.endpoint(), REGION, DATABASE);
    }

    private static final Map<String, String> warningMessages = new HashMap<>();

    @AfterAll
    static void tearDown() {
        if (trino != null) {
            trino.close();
        }
        glue.close();
        s3.close();
    }

    /** Runs the export simulation's CLI once for every export (it writes through moto's S3 API). */
    private static Map<String, Object> simulate(List<Map<String, Object>> spec) throws Exception {
        Path specFile = Files.createTempFile("lake-spec", ".json");
        Files.write(specFile, JSON.std.asBytes(spec));
        Path tools = Path.of(System.getProperty("rds.types", "../tools/rds-types.tsv")).getParent();
        ProcessBuilder builder = new ProcessBuilder("python3", tools.resolve("rds_export_simulation.py").toString(),
                "write", "--endpoint-url", MOTO.endpoint(), "--bucket", BUCKET, "--spec", specFile.toString());
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_REGION", REGION, "AWS_DEFAULT_REGION", REGION));
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("rds_export_simulation.py write: %s", out).isZero();
        Files.delete(specFile);
        return JSON.std.mapFrom(out);
    }

    private static Map<String, String> warningMessagesOf(Map<String, Object> written) {
        Map<String, String> messages = new HashMap<>();
        written.forEach((task, result) -> {
            Object message = ((Map<?, ?>) result).get("warningMessage");
            if (message != null) {
                messages.put(task, message.toString());
            }
        });
        return messages;
    }

    /** What the bucket's lifecycle rule does to an export past the retention period. */
    private static void expire(Source source, int day) {
        String root = source.prefix() + "/" + source.task(day) + "/";
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(root)).contents()) {
            s3.deleteObject(b -> b.bucket(BUCKET).key(object.key()));
        }
    }

    private static Map<String, Object> register(Source source, int day) throws Exception {
        Map<String, Object> input = new HashMap<>(Map.of("exportTaskIdentifier", source.task(day), "status", "COMPLETE",
                "sourceName", source.name(), "s3Bucket", BUCKET, "s3Prefix", source.prefix(),
                "snapshotIdentifier", source.name() + "-" + day, "snapshotCreateTime", source.snapshotTime(day),
                "dryRun", false));
        input.put("warningMessage", warningMessages.get(source.task(day)));
        Context context = mock(Context.class);
        when(context.getLogger()).thenReturn(mock(LambdaLogger.class));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.std.asBytes(input)), out, context);
        return JSON.std.mapFrom(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void thirtyDaysOfChangingDatabases_theCatalogAnswersExactlyWhatEachRetainedExportHolds() throws Exception {
        Map<String, String> firstNames = new HashMap<>();
        SoftAssertions softly = new SoftAssertions();
        for (int day = 1; day <= ChangingDatabases.DAYS; day++) {
            for (Source source : ChangingDatabases.SOURCES) {
                if (day > ChangingDatabases.RETAINED) {
                    expire(source, day - ChangingDatabases.RETAINED);
                }
                Map<String, Object> result = register(source, day);
                checkResult(softly, source, day, result);
                checkCatalog(softly, source, day, firstNames);
            }
            softly.assertAll();
        }
        assertThat(firstNames).as("Events had its name first; events, appearing on day 10, never took it")
                .containsEntry("shop.public.Events", "shop_shop_public_events");
        assertThat(firstNames.get("shop.public.events")).matches("shop_shop_public_events_[0-9a-f]{8}");
    }

    /** The registration names every table without fresh data: failed, skipped, or retired with its deleted export. */
    private static void checkResult(SoftAssertions softly, Source source, int day, Map<String, Object> result) {
        List<String> expected = new ArrayList<>();
        for (TableExport table : ChangingDatabases.export(source, day)) {
            if (!table.good()) {
                expected.add(table.target());
            }
        }
        Set<String> today = targets(source, day);
        for (String target : allTargets(source, day - 1)) {
            Integer last = lastGood(source, target, day - 1);
            if (!today.contains(target) && last != null && retained(last, day - 1) && !retained(last, day)) {
                expected.add(target);
            }
        }
        String where = source.name() + " day " + day;
        softly.assertThat(result.get("incompleteTables")).as("%s: tables without fresh data", where).isEqualTo(expected.size());
        softly.assertThat(result.get("invalidTables")).as(where).isEqualTo(0);
        for (String target : expected.subList(0, Math.min(2, expected.size()))) {
            softly.assertThat(result.get("incomplete").toString()).as("%s names %s", where, target).contains(target);
        }
    }

    private static void checkCatalog(SoftAssertions softly, Source source, int day, Map<String, String> firstNames) {
        String where = source.name() + " day " + day;
        Map<String, Table> current = new TreeMap<>();
        Map<String, Table> history = new TreeMap<>();
        glue.getTablesPaginator(b -> b.databaseName(DATABASE)).stream().flatMap(p -> p.tableList().stream())
                .filter(t -> source.name().equals(t.parameters().get("analysis_platform.source"))).forEach(t -> {
                    String target = t.parameters().get("analysis_platform.rds_target");
                    Map<String, Table> role = "history".equals(t.parameters().get("analysis_platform.role")) ? history : current;
                    softly.assertThat(role.put(target, t)).as("%s: one %s table per RDS table (%s)", where,
                            t.parameters().get("analysis_platform.role"), target).isNull();
                });
        for (String target : allTargets(source, day)) {
            Integer last = lastGood(source, target, day);
            boolean exists = last != null && retained(last, day);
            softly.assertThat(current.containsKey(target)).as("%s: current table of %s", where, target).isEqualTo(exists);
            if (!exists || !current.containsKey(target)) {
                continue;
            }
            Table table = current.get(target);
            String name = firstNames.computeIfAbsent(target, t -> table.name());
            softly.assertThat(table.name()).as("%s: %s keeps its name", where, target).isEqualTo(name);
            softly.assertThat(history.get(target)).as("%s: history of %s", where, target).isNotNull();
            if (history.get(target) != null) {
                softly.assertThat(history.get(target).name()).isEqualTo(name + "_history");
            }
            softly.assertThat(table.parameters().get(STALE_SINCE)).as("%s: %s stale since", where, target)
                    .isEqualTo(last == day ? null : source.snapshotTime(last + 1));
            TableExport newest = exportOf(source, target, last);
            softly.assertThat(rows(trino.query("SELECT * FROM " + table.name()), newest.columns()))
                    .as("%s: current %s = its export of day %d", where, target, last).isEqualTo(expected(newest));
            Map<String, List<Map<String, String>>> byExport = byExport(trino.query("SELECT * FROM " + name + "_history"));
            Map<String, List<Map<String, String>>> wanted = new TreeMap<>();
            Set<String> historyColumns = new HashSet<>();
            history.get(target).storageDescriptor().columns().forEach(c -> historyColumns.add(c.name()));
            for (int d = Math.max(1, day - ChangingDatabases.RETAINED + 1); d <= day; d++) {
                TableExport export = exportOf(source, target, d);
                if (export != null && export.good() && !export.rows().isEmpty()) {
                    wanted.put(source.task(d), withNulls(expected(export), historyColumns));
                }
            }
            softly.assertThat(byExport).as("%s: history of %s, export by export", where, target).isEqualTo(wanted);
        }
    }

    private static Set<String> targets(Source source, int day) {
        Set<String> targets = new HashSet<>();
        if (day >= 1) {
            ChangingDatabases.export(source, day).forEach(t -> targets.add(t.target()));
        }
        return targets;
    }

    private static Set<String> allTargets(Source source, int upTo) {
        Set<String> all = new HashSet<>();
        for (int d = 1; d <= upTo; d++) {
            all.addAll(targets(source, d));
        }
        return all;
    }

    private static TableExport exportOf(Source source, String target, int day) {
        return ChangingDatabases.export(source, day).stream().filter(t -> t.target().equals(target)).findFirst()
                .orElse(null);
    }

    /** The newest export up to {@code day} that brought the table, or null. */
    private static Integer lastGood(Source source, String target, int day) {
        for (int d = day; d >= 1; d--) {
            TableExport export = exportOf(source, target, d);
            if (export != null && export.good()) {
                return d;
            }
        }
        return null;
    }

    private static boolean retained(int exportDay, int today) {
        return exportDay > today - ChangingDatabases.RETAINED;
    }

    /** The export's rows as column name -> value text, in id order. */
    private static List<Map<String, String>> expected(TableExport export) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> row : export.rows()) {
            Map<String, String> values = new TreeMap<>();
            for (int i = 0; i < export.columns().size(); i++) {
                values.put(export.columns().get(i).name(), normalise(export.columns().get(i).exportedType(), row.get(i)));
            }
            rows.add(values);
        }
        rows.sort(LakeOverTimeIntegrationTest::byId);
        return rows;
    }

    private static List<Map<String, String>> withNulls(List<Map<String, String>> rows, Set<String> columns) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> row : rows) {
            Map<String, String> filled = new TreeMap<>(row);
            columns.forEach(c -> filled.putIfAbsent(c, null));
            out.add(filled);
        }
        return out;
    }

    /** How Trino renders the value written as text: numbers as numbers, binary as hex. */
    private static String normalise(String exportedType, String value) {
        if (value == null) {
            return null;
        }
        if (exportedType.equals("double")) {
            return String.valueOf(Double.parseDouble(value));
        }
        if (exportedType.equals("binary") && value.startsWith("0x")) {
            return value.substring(2);
        }
        return value;
    }

    private static List<Map<String, String>> rows(MaterializedResult result, List<ChangingDatabases.Col> columns) {
        Set<String> names = new HashSet<>();
        columns.forEach(c -> names.add(c.name()));
        List<Map<String, String>> rows = new ArrayList<>();
        for (MaterializedRow row : result.getMaterializedRows()) {
            Map<String, String> values = new TreeMap<>();
            for (int i = 0; i < result.getColumnNames().size(); i++) {
                String column = result.getColumnNames().get(i);
                if (names.contains(column)) {
                    values.put(column, text(row.getField(i)));
                }
            }
            rows.add(values);
        }
        rows.sort(LakeOverTimeIntegrationTest::byId);
        return rows;
    }

    private static Map<String, List<Map<String, String>>> byExport(MaterializedResult result) {
        Map<String, List<Map<String, String>>> byExport = new TreeMap<>();
        for (MaterializedRow row : result.getMaterializedRows()) {
            Map<String, String> values = new TreeMap<>();
            String export = null;
            for (int i = 0; i < result.getColumnNames().size(); i++) {
                String column = result.getColumnNames().get(i);
                if (column.equals("export_task")) {
                    export = (String) row.getField(i);
                } else if (!column.equals("rds_partition")) {
                    values.put(column, text(row.getField(i)));
                }
            }
            byExport.computeIfAbsent(export, e -> new ArrayList<>()).add(values);
        }
        byExport.values().forEach(rows -> rows.sort(LakeOverTimeIntegrationTest::byId));
        return byExport;
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
        return value == null ? null : value.toString();
    }

    private static int byId(Map<String, String> a, Map<String, String> b) {
        return Long.compare(Long.parseLong(a.get("id")), Long.parseLong(b.get("id")));
    }
}
