package dev.analysisplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.environment.InvalidEnvironmentException;
import dev.analysisplatform.export.ExportPlanner;
import dev.analysisplatform.export.ExportRequestParser;
import dev.analysisplatform.export.ExporterSettings;
import dev.analysisplatform.export.runtime.JsonInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Synth time and run time agree on every configured value: an environment the loader accepts, with the longest
 * and oddest values each rule allows, reaches the functions (as the state machine hands it to the planner, and as
 * the functions' environment variables) and every function accepts it; values the functions would refuse every
 * night are refused at synth. Both sides use contract/'s ValueRules, and this proves the wiring.
 */
class ValueAgreementTest {

    private static final String KMS_KEY = "arn:aws:kms:eu-west-1:111111111111:key/example";

    private static String environment(String bucket, String prefix, String exportOnly) {
        return """
                {
                  "analyticsAccountId": "111111111111",
                  "region": "eu-west-1",
                  "namePrefix": "%s",
                  "exportBucketName": "%s",
                  "exportPrefix": "%s",
                  "sources": [
                    {"name": "%s", "accountId": "222222222222", "dbClusterIdentifier": "%s",
                     "snapshotTypes": ["automated", "manual", "shared", "awsbackup"], "exportOnly": ["%s"],
                     "externalId": "%s", "maxSnapshotAgeHours": 720},
                    {"name": "b", "accountId": "333333333333", "dbInstanceIdentifier": "A"}
                  ]
                }""".formatted("a" + "b-".repeat(15) + "c", bucket, prefix, "s" + "_-9".repeat(20) + "x".repeat(2),
                "D" + "b-9".repeat(20) + "x", exportOnly, "+=,.@:/-_a".repeat(122) + "zzzz");
    }

    private static EnvironmentDefinition load(Path dir, String json) throws IOException {
        Files.writeString(dir.resolve("edge.json"), json);
        return new EnvironmentLoader(dir).load("edge");
    }

    @Test
    void theLongestAndOddestValuesSynthAcceptsAreAcceptedByEveryFunction(@TempDir Path dir) throws IOException {
        String bucket = "a.b-c" + "x".repeat(57) + "9";
        String prefix = ("p-1." + "/q_2").repeat(24) + "/r";
        String exportOnly = "db.schema." + "t".repeat(190);
        assertThat(bucket).hasSize(63);
        assertThat(prefix.length()).isLessThanOrEqualTo(200).isGreaterThan(190);
        EnvironmentDefinition environment = load(dir, environment(bucket, prefix, exportOnly));

        ExporterSettings settings = ExporterSettings.fromEnvironment(Map.of(ExporterSettings.EXPORT_BUCKET,
                environment.exportBucketName(), ExporterSettings.EXPORT_KMS_KEY_ARN, KMS_KEY,
                ExporterSettings.EXPORT_PREFIX, environment.exportPrefix()));
        List<Map<String, Object>> plan = new ExportPlanner().plan(ExportWorkflow.configuredSources(environment),
                JsonInput.of(Map.of()), "2026-11-25T03:00:00Z");

        assertThat(plan).hasSize(2);
        for (Map<String, Object> input : plan) {
            assertThatCode(() -> new ExportRequestParser(settings.sourceDefaults()).parse(JsonInput.of(input)))
                    .as("exporter input %s", input).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bucket=192.168.1.1", "bucket=xn--bucket", "bucket=a..b", "exportOnly= billing",
        "exportOnly=billing ", "prefix=/leading", "prefix=trailing/", "prefix=has space"})
    void valuesTheFunctionsWouldRefuseFailSynth(String override, @TempDir Path dir) {
        String[] kv = override.split("=", 2);
        String json = environment(kv[0].equals("bucket") ? kv[1] : "example-bucket",
                kv[0].equals("prefix") ? kv[1] : "exports", kv[0].equals("exportOnly") ? kv[1] : "db");
        assertThatThrownBy(() -> load(dir, json)).isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining(kv[0].equals("bucket") ? "exportBucketName" : kv[0]);
    }

    @Test
    void aPrefixOverTheFunctionsLimitFailsSynth(@TempDir Path dir) {
        String json = environment("example-bucket", "p".repeat(201), "db");
        assertThatThrownBy(() -> load(dir, json)).isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("exportPrefix");
    }
}
