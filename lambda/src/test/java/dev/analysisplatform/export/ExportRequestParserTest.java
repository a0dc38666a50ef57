package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.JsonInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analysisplatform.export.errors.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportRequestParserTest {

    private final ExportRequestParser parser = new ExportRequestParser(Fixtures.settings().sourceDefaults());

    @ParameterizedTest
    @ValueSource(strings = {"console-sample.json", "empty.json", "junk-string.json", "junk-array.json"})
    void parse_inputWithoutKnownFields_usesEnvironmentDefaults(String event) {
        ExportRequest request = parser.parse(Fixtures.eventInput(event));

        assertThat(request.sourceName()).isEqualTo("orders");
        assertThat(request.access()).isEqualTo(new SourceAccess(Fixtures.READER_ROLE, null));
        assertThat(request.exportRoleArn()).isEqualTo(Fixtures.EXPORT_ROLE);
        assertThat(request.target()).isEqualTo(new DatabaseTarget.Cluster(Fixtures.CLUSTER));
        assertThat(request.snapshotTypes()).containsExactly("automated");
        assertThat(request.snapshotIdentifier()).isNull();
        assertThat(request.exportOnly()).isEmpty();
        assertThat(request.dryRun()).isFalse();
    }

    @Test
    void parse_stepFunctionsItem_overridesEveryField() {
        ExportRequest request = parser.parse(Fixtures.eventInput("step-functions-item.json"));

        assertThat(request.access()).isEqualTo(new SourceAccess(Fixtures.READER_ROLE, "example-external-id"));
        assertThat(request.target()).isEqualTo(new DatabaseTarget.Cluster("orders-cluster"));
        assertThat(request.snapshotTypes()).containsExactly("automated", "manual");
        assertThat(request.exportOnly()).containsExactly("orders.public.customers");
    }

    @Test
    void parse_sourceRegion_reachesTheDatabaseThere_andAnInvalidOneIsRefused() {
        assertThat(parser.parse(JsonInput.of(Map.of("sourceRegion", "us-west-2"))).access())
                .isEqualTo(new SourceAccess(Fixtures.READER_ROLE, null, "us-west-2"));
        assertThat(parser.parse(JsonInput.of(Map.of())).access().region()).isNull();
        assertThatThrownBy(() -> parser.parse(JsonInput.of(Map.of("sourceRegion", "west"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sourceRegion");
    }

    @Test
    void parse_instanceIdentifierInInput_replacesConfiguredCluster() {
        ExportRequest request = parser.parse(JsonInput.of(Map.of("dbInstanceIdentifier", Fixtures.INSTANCE, "dryRun", true)));

        assertThat(request.target()).isEqualTo(new DatabaseTarget.Instance(Fixtures.INSTANCE));
        assertThat(request.dryRun()).isTrue();
    }

    @Test
    void parse_otherRoleInInput_doesNotInheritConfiguredExternalId() {
        ExportRequestParser withExternalId = new ExportRequestParser(new SourceSettings("orders", Fixtures.READER_ROLE,
                "configured-id", Fixtures.EXPORT_ROLE, new DatabaseTarget.Cluster(Fixtures.CLUSTER), null));

        ExportRequest request = withExternalId.parse(JsonInput.of(Map.of("sourceRoleArn", "arn:aws:iam::333333333333:role/other")));

        assertThat(request.access()).isEqualTo(new SourceAccess("arn:aws:iam::333333333333:role/other", null));
    }

    @Test
    void parse_nullValues_meanNotSet() {
        Map<String, Object> input = new java.util.HashMap<>();
        input.put("dryRun", null);
        input.put("snapshotTypes", null);

        assertThat(parser.parse(JsonInput.of(input)).snapshotTypes()).containsExactly("automated");
    }

    @ParameterizedTest
    @CsvSource({
        "wrong-type-dry-run.json, dryRun",
        "wrong-type-snapshot-types.json, snapshotTypes",
        "bad-snapshot-type.json, snapshotTypes[0]",
        "both-identifiers.json, dbInstanceIdentifier"
    })
    void parse_badKnownField_errorNamesField(String event, String field) {
        assertThatThrownBy(() -> parser.parse(Fixtures.eventInput(event)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + field + "'");
    }

    @Test
    void parse_badValues_errorNamesField() {
        Map<String, Object> bad = Map.of(
                "sourceName", "Bad Name",
                "sourceRoleArn", "not-an-arn",
                "exportRoleArn", 42,
                "dbClusterIdentifier", "ends-with-",
                "snapshotIdentifier", List.of("x"),
                "exportOnly", List.of(" "),
                "externalId", "x");
        bad.forEach((field, value) -> assertThatThrownBy(() -> parser.parse(JsonInput.of(Map.of(field, value))))
                .as(field)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + field));
    }

    @Test
    void parse_noTargetAnywhere_explainsBothWays() {
        ExportRequestParser bare = new ExportRequestParser(new SourceSettings(null, null, null, Fixtures.EXPORT_ROLE, null, null));

        assertThatThrownBy(() -> bare.parse(JsonInput.of(Map.of())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dbClusterIdentifier").hasMessageContaining("DB_CLUSTER_IDENTIFIER");
    }

    @Test
    void parse_noExportRoleAnywhere_explainsBothWays() {
        ExportRequestParser bare = new ExportRequestParser(
                new SourceSettings(null, null, null, null, new DatabaseTarget.Cluster("c"), null));

        assertThatThrownBy(() -> bare.parse(JsonInput.of(Map.of())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exportRoleArn").hasMessageContaining("EXPORT_ROLE_ARN");
    }

    @Test
    void read_invalidJson_isInvalidInput() {
        assertThatThrownBy(() -> JsonInput.read(new java.io.ByteArrayInputStream("{not json".getBytes())))
                .isInstanceOf(InvalidInputException.class);
    }
}
