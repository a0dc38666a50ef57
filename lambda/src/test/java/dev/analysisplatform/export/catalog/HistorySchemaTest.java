package dev.analysisplatform.export.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.glue.model.Column;

class HistorySchemaTest {

    private static Column column(String name, String type) {
        return Column.builder().name(name).type(type).build();
    }

    private static HistorySchema.ExportColumns export(String task, String day, Column... columns) {
        return new HistorySchema.ExportColumns(task, day == null ? null : Instant.parse(day + "T03:00:00Z"), List.of(columns));
    }

    @Test
    void union_newestExportDecidesOrderAndType_olderColumnsFollowNewestFirst_whateverTheInputOrder() {
        var day1 = export("e1", "2026-11-01", column("id", "int"), column("note", "string"), column("gone", "string"));
        var day2 = export("e2", "2026-11-02", column("id", "int"), column("note", "string"), column("extra", "bigint"));
        var day3 = export("e3", "2026-11-03", column("id", "bigint"));

        List<Column> union = HistorySchema.union(List.of(day1, day3, day2));

        assertThat(union).extracting(c -> c.name() + ":" + c.type())
                .containsExactly("id:bigint", "note:string", "extra:bigint", "gone:string");
        assertThat(HistorySchema.union(List.of(day2, day1, day3))).isEqualTo(union);
    }

    @Test
    void union_partitionsRegisteredBeforeTheirTimeWasRecorded_countAsOldest() {
        var unknown = export("e0", null, column("id", "string"));
        var known = export("e1", "2026-11-01", column("id", "bigint"));

        assertThat(HistorySchema.union(List.of(unknown, known))).extracting(Column::type).containsExactly("bigint");
    }

    /** Athena, "Change a column data type", "Use compatible data types". */
    @ParameterizedTest
    @CsvSource({"int,bigint,true", "smallint,int,true", "tinyint,bigint,true", "float,double,true", "string,bigint,true",
        "bigint,bigint,true", "bigint,int,false", "bigint,string,false", "int,smallint,false", "double,float,false",
        "'decimal(10,2)','decimal(12,2)',false", "date,string,false"})
    void readableAs_followsAthenasTable(String declared, String wanted, boolean readable) {
        assertThat(HistorySchema.readableAs(declared, wanted)).isEqualTo(readable);
    }

    @Test
    void unreadable_namesEveryExportWhoseTypeAthenaCannotCast() {
        var day1 = export("e1", "2026-11-01", column("code", "bigint"), column("qty", "int"));
        var day2 = export("e2", "2026-11-02", column("code", "string"), column("qty", "bigint"));

        List<String> problems = HistorySchema.unreadable(List.of(day1, day2), HistorySchema.union(List.of(day1, day2)));

        assertThat(problems).singleElement().asString().contains("code is bigint in export e1").contains("string")
                .contains("export_task <> 'e1'");
    }
}
