package dev.analysisplatform.export.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analysisplatform.export.errors.CatalogRegistrationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

class ExportTablesInfoTest {

    private static String sample(String name) throws IOException {
        return new String(Objects.requireNonNull(ExportTablesInfoTest.class.getResourceAsStream("/export-metadata/" + name))
                .readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void add_postgresqlSample_mapsColumnsFromParquetTypesAndSkipsFailedTables() throws IOException {
        ExportTablesInfo info = new ExportTablesInfo().add(sample("postgresql-export_tables_info.json"), "pg.json");

        assertThat(info.tables).extracting(ExportedTable::target).containsExactly("shop.public.orders", "shop.sales.customers");
        assertThat(info.skipped).extracting(IncompleteTable::target).containsExactly("shop.public.broken");
        assertThat(info.skipped.get(0).reason()).contains("FAILED");
        ExportedTable orders = info.tables.get(0);
        assertThat(orders.database()).isEqualTo("shop");
        assertThat(orders.schema()).isEqualTo("public");
        assertThat(orders.columns()).extracting(ExportedTable.Column::name, ExportedTable.Column::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("order_id", "bigint"),
                org.assertj.core.groups.Tuple.tuple("customer_email", "string"),
                // PostgreSQL numeric, date and timestamp arrive as UTF8 strings and must be read as such.
                org.assertj.core.groups.Tuple.tuple("total", "string"),
                org.assertj.core.groups.Tuple.tuple("ordered_on", "string"),
                org.assertj.core.groups.Tuple.tuple("created_at", "string"),
                org.assertj.core.groups.Tuple.tuple("is_paid", "boolean"),
                org.assertj.core.groups.Tuple.tuple("quantity", "int"),
                org.assertj.core.groups.Tuple.tuple("weight_kg", "double"),
                org.assertj.core.groups.Tuple.tuple("shipping address", "string"));
        assertThat(info.warnings).isEmpty();
    }

    @Test
    void add_mysqlSample_typesAsAwsDocumentsThem() throws IOException {
        ExportTablesInfo info = new ExportTablesInfo().add(sample("mysql-export_tables_info.json"), "mysql.json");

        ExportedTable invoices = info.tables.get(0);
        assertThat(invoices.schema()).isNull();
        assertThat(invoices.candidateFolders()).first().isEqualTo("billing.invoices");
        // AWS's MySQL table: BIGINT UNSIGNED is FIXED_LEN_BYTE_ARRAY(9) DECIMAL(20,0), DATE is text, FLOAT is
        // DOUBLE, CHAR is a BYTE_ARRAY without the STRING annotation (registered as string).
        assertThat(invoices.columns()).extracting(ExportedTable.Column::type).containsExactly(
                "decimal(20,0)", "decimal(10,2)", "timestamp", "string", "string", "int", "double", "string", "binary");
        assertThat(info.warnings).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "int64||bigint", "int32||int", "int32 (INT_16)|smallint|smallint", "int32 (INT_8)||tinyint",
        "int32 (UINT_32)||bigint", "binary (UTF8)||string", "binary (ENUM)||string", "binary (JSON)||string",
        "binary|blob|binary", "binary|char|string", "binary|CHAR(10)|string", "binary|bit|binary",
        "boolean||boolean", "double||double", "float||float", "int64 (TIMESTAMP_MILLIS)||timestamp",
        "int64 (TIMESTAMP_MICROS)||timestamp", "int96||timestamp", "int32 (DATE)||date",
        "fixed_len_byte_array(16) (DECIMAL(38,10))||decimal(38,10)", "int64 (DECIMAL(18,4))||decimal(18,4)",
        "int32 (DECIMAL(9,2))||decimal(9,2)", "fixed_len_byte_array(9) (DECIMAL(20,0))||decimal(20,0)"})
    void glueType_knownParquetTypes(String parquet, String original, String glue) {
        assertThat(ParquetTypes.glueType(parquet, original)).isEqualTo(glue);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Athena cannot read a varchar over a non-binary Parquet column, so unknown annotations fall back to the
        // physical type; UINT_64 and a precision over 38 are not in AWS's tables and not readable as declared.
        "int128|binary", "int64 (UINT_64)|bigint", "int32 (TIME_MILLIS)|int", "int64 (TIME_MICROS)|bigint",
        "fixed_len_byte_array(17) (DECIMAL(40,2))|binary", "fixed_len_byte_array(16) (UUID)|binary"})
    void add_unknownParquetType_declaredByItsPhysicalTypeWithWarning(String parquet, String declared) {
        ExportTablesInfo info = new ExportTablesInfo().add("""
                {"perTableStatus":[{"status":"COMPLETE","target":"db.t","schemaMetadata":{"originalTypeMappings":[
                  {"columnName":"g","originalType":"geometry","expectedExportedType":"%s"}]}}]}""".formatted(parquet),
                "x.json");

        assertThat(info.tables.get(0).columns().get(0).type()).isEqualTo(declared);
        assertThat(info.warnings).singleElement().asString().contains(parquet).contains("declared as " + declared);
    }

    @Test
    void add_notTheExpectedFormat_namesTheFile() {
        assertThatThrownBy(() -> new ExportTablesInfo().add("{\"tables\":[]}", "exports/x/export_tables_info_x.json"))
                .isInstanceOf(CatalogRegistrationException.class).hasMessageContaining("export_tables_info_x.json");
    }

    @Test
    void tableName_stableLowercaseAndSafe() {
        ExportedTable pg = new ExportedTable("Shop.Public.Order-Items", "Shop", "Public", "Order-Items", java.util.List.of());
        ExportedTable mysql = new ExportedTable("billing.invoices", "billing", null, "invoices", java.util.List.of());

        assertThat(CatalogNames.tableName("shop_orders", pg)).isEqualTo("shop_orders_shop_public_order_items");
        assertThat(CatalogNames.tableName("billing", mysql)).isEqualTo("billing_billing_invoices");
        assertThat(CatalogNames.historyName("billing_billing_invoices")).isEqualTo("billing_billing_invoices_history");
        assertThat(CatalogNames.tableName("s", new ExportedTable("d.t", "d", null, "x".repeat(400), java.util.List.of())))
                .hasSizeLessThanOrEqualTo(247);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"not an object\"",
        "{\"status\":\"COMPLETE\"}",
        "{\"status\":\"COMPLETE\",\"target\":\"db.t\",\"schemaMetadata\":{\"originalTypeMappings\":[42]}}",
        "{\"status\":\"COMPLETE\",\"target\":\"db.t\",\"schemaMetadata\":{\"originalTypeMappings\":{}}}"})
    void add_malformedEntry_isInvalidNamingFileAndEntry_theOtherTablesStay(String entry) {
        ExportTablesInfo info = new ExportTablesInfo().add("{\"perTableStatus\":[" + entry + ",{\"status\":\"COMPLETE\","
                + "\"target\":\"db.ok\",\"schemaMetadata\":{\"originalTypeMappings\":[]}}]}", "export_tables_info_x.json");

        assertThat(info.invalid).singleElement().asString().contains("export_tables_info_x.json perTableStatus[0]");
        assertThat(info.tables).extracting(ExportedTable::target).containsExactly("db.ok");
    }

    @Test
    void add_notAnExportTablesInfoFile_failsNamingIt() {
        assertThatThrownBy(() -> new ExportTablesInfo().add("[1, 2]", "export_tables_info_x.json"))
                .isInstanceOf(CatalogRegistrationException.class).hasMessageContaining("export_tables_info_x.json");
    }

    /** Real files carry database-level entries (target: the database alone); one marked COMPLETE used to fail them all. */
    @ParameterizedTest
    @ValueSource(strings = {"COMPLETE", "FAILED"})
    void add_databaseLevelWarningEntry_isAWarningNeverATableNorAFailure(String status) {
        ExportTablesInfo info = new ExportTablesInfo().add("""
                {"perTableStatus":[
                  {"target":"shop","status":"%s","warningMessage":"Some tables were not exported"},
                  {"status":"COMPLETE","target":"shop.public.t","sizeGB":0.5,"schemaMetadata":{"originalTypeMappings":[
                    {"columnName":"id","originalType":"bigint","expectedExportedType":"int64"}]}}]}""".formatted(status),
                "x.json");

        assertThat(info.tables).singleElement().satisfies(t -> {
            assertThat(t.target()).isEqualTo("shop.public.t");
            assertThat(t.expectsData()).isTrue();
        });
        assertThat(info.warnings).singleElement().asString().contains("shop").contains("Some tables were not exported");
        assertThat(info.invalid).isEmpty();
        assertThat(info.skipped).isEmpty();
    }

    @Test
    void add_columnsDifferingOnlyInCaseOrWithoutName_tableIsInvalidNeverHalfRegistered() {
        ExportTablesInfo info = new ExportTablesInfo().add("""
                {"perTableStatus":[
                  {"status":"COMPLETE","target":"db.t1","schemaMetadata":{"originalTypeMappings":[
                    {"columnName":"A","originalType":"int","expectedExportedType":"int32"},
                    {"columnName":"a","originalType":"int","expectedExportedType":"int32"}]}},
                  {"status":"COMPLETE","target":"db.t2","schemaMetadata":{"originalTypeMappings":[
                    {"originalType":"int","expectedExportedType":"int32"}]}},
                  {"status":"COMPLETE","target":"db.t3","schemaMetadata":{"originalTypeMappings":[
                    {"columnName":"ok","originalType":"int","expectedExportedType":"int32"}]}}]}""", "x.json");

        assertThat(info.tables).extracting(ExportedTable::target).containsExactly("db.t3");
        assertThat(info.invalid).hasSize(2);
        assertThat(info.invalid.get(0)).contains("db.t1").contains("'A' and 'a'");
        assertThat(info.invalid.get(1)).contains("db.t2").contains("no name");
    }

    @Test
    void assign_namesThatCollide_getDistinctDeterministicNamesWhateverTheOrder() {
        ExportedTable lower = new ExportedTable("d.public.orders", "d", "public", "orders", java.util.List.of());
        ExportedTable upper = new ExportedTable("d.public.Orders", "d", "public", "Orders", java.util.List.of());
        ExportedTable dashed = new ExportedTable("d.public.order-items", "d", "public", "order-items", java.util.List.of());
        ExportedTable underscored = new ExportedTable("d.public.order_items", "d", "public", "order_items", java.util.List.of());
        java.util.List<String> renamed = new java.util.ArrayList<>();

        var names = CatalogNames.assign("s", java.util.List.of(upper, lower, dashed, underscored), renamed);
        var reversed = CatalogNames.assign("s", java.util.List.of(underscored, dashed, lower, upper), new java.util.ArrayList<>());

        assertThat(names.values()).doesNotHaveDuplicates().hasSize(4);
        assertThat(names.get(lower)).isEqualTo("s_d_public_orders");
        assertThat(names.get(underscored)).isEqualTo("s_d_public_order_items");
        assertThat(names.get(upper)).matches("s_d_public_orders_[0-9a-f]{8}");
        assertThat(names).isEqualTo(reversed);
        assertThat(renamed).hasSize(2);
    }

    @Test
    void candidateFolders_rdsReplacesSpacesQuotesAndBackticks() {
        ExportedTable odd = new ExportedTable("my db.public.\"odd`name\\x", "my db", "public", "\"odd`name\\x", java.util.List.of());

        assertThat(odd.databaseFolder()).isEqualTo("my_db");
        assertThat(odd.candidateFolders()).first().isEqualTo("public._odd_name_x");
    }
}
