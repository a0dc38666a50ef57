package dev.analysisplatform.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analysisplatform.export.errors.InvalidConfigurationException;
import dev.analysisplatform.export.errors.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExporterSettingsTest {

    private static Map<String, String> env(String... overrides) {
        Map<String, String> env = new HashMap<>(Fixtures.environment());
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                env.remove(overrides[i]);
            } else {
                env.put(overrides[i], overrides[i + 1]);
            }
        }
        return env;
    }

    @Test
    void fromEnvironment_fullEnvironment_readsEverything() {
        ExporterSettings settings = ExporterSettings.fromEnvironment(env(ExporterSettings.SNAPSHOT_TYPES, "manual, automated,manual"));

        assertThat(settings.bucket()).isEqualTo(Fixtures.BUCKET);
        assertThat(settings.prefix()).isEqualTo("exports");
        assertThat(settings.sourceDefaults().target()).isEqualTo(new DatabaseTarget.Cluster(Fixtures.CLUSTER));
        assertThat(settings.sourceDefaults().snapshotTypes()).containsExactly("manual", "automated");
    }

    @Test
    void fromEnvironment_onlyRequired_usesDefaults() {
        ExporterSettings settings = ExporterSettings.fromEnvironment(Map.of(
                ExporterSettings.EXPORT_BUCKET, Fixtures.BUCKET, ExporterSettings.EXPORT_KMS_KEY_ARN, Fixtures.KMS_KEY_ARN));

        assertThat(settings.prefix()).isEqualTo(ExporterSettings.DEFAULT_PREFIX);
        assertThat(settings.sourceDefaults().snapshotTypes()).isEqualTo(List.of("automated"));
        assertThat(settings.sourceDefaults().target()).isNull();
        assertThat(settings.sourceDefaults().access()).isEqualTo(SourceAccess.CALLER);
    }

    @Test
    void fromEnvironment_missingBucket_namesVariable() {
        assertThatThrownBy(() -> ExporterSettings.fromEnvironment(env(ExporterSettings.EXPORT_BUCKET, null)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("EXPORT_BUCKET");
    }

    @Test
    void fromEnvironment_kmsKeyIdInsteadOfArn_namesVariable() {
        assertThatThrownBy(() -> ExporterSettings.fromEnvironment(env(ExporterSettings.EXPORT_KMS_KEY_ARN, "1234abcd")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("EXPORT_KMS_KEY_ARN");
    }

    @Test
    void fromEnvironment_invalidValues_eachNamesItsVariable() {
        Map<String, String> bad = Map.of(
                ExporterSettings.EXPORT_BUCKET, "Not_A_Bucket",
                ExporterSettings.EXPORT_PREFIX, "/leading/slash/",
                ExporterSettings.SOURCE_NAME, "Orders DB",
                ExporterSettings.SOURCE_ROLE_ARN, "arn:aws:iam::123:role/x",
                ExporterSettings.EXPORT_ROLE_ARN, "role/x",
                ExporterSettings.DB_CLUSTER_IDENTIFIER, "orders--cluster",
                ExporterSettings.DB_INSTANCE_IDENTIFIER, "-db",
                ExporterSettings.SNAPSHOT_TYPES, "automated,weekly");
        bad.forEach((variable, value) -> assertThatThrownBy(() -> ExporterSettings.fromEnvironment(env(variable, value)))
                .as(variable)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(variable));
    }

    @Test
    void fromEnvironment_destinationsOfOtherRegions_areReadAndChosenBySnapshotRegion() {
        String key = "arn:aws:kms:us-west-2:" + Fixtures.ANALYTICS_ACCOUNT + ":key/5678abcd-12ab-34cd-56ef-1234567890ab";
        ExporterSettings settings = ExporterSettings.fromEnvironment(env(ExporterSettings.EXPORT_DESTINATIONS,
                "{\"us-west-2\":{\"bucket\":\"example-exports-us-west-2\",\"kmsKeyArn\":\"" + key + "\"}}"));

        assertThat(settings.region()).isEqualTo("eu-west-1");
        assertThat(settings.destinationIn("eu-west-1")).isEqualTo(new ExporterSettings.Destination(Fixtures.BUCKET, Fixtures.KMS_KEY_ARN));
        assertThat(settings.destinationIn("us-west-2")).isEqualTo(new ExporterSettings.Destination("example-exports-us-west-2", key));
        assertThatThrownBy(() -> settings.destinationIn("ap-south-1")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no export bucket there").hasMessageContaining("[eu-west-1, us-west-2]");
    }

    @Test
    void fromEnvironment_brokenDestinations_eachNamesWhatIsWrong() {
        String keyElsewhere = "arn:aws:kms:eu-central-1:" + Fixtures.ANALYTICS_ACCOUNT + ":key/5678abcd-12ab-34cd-56ef-1234567890ab";
        Map<String, String> broken = Map.of(
                "not json", "is not JSON",
                "[]", "must be a JSON object of regions",
                "{\"moon-1\":{}}", "has 'moon-1'",
                "{\"us-west-2\":{\"kmsKeyArn\":\"" + keyElsewhere + "\"}}", "EXPORT_DESTINATIONS.us-west-2.bucket is required",
                "{\"us-west-2\":{\"bucket\":\"b-us-west-2\",\"kmsKeyArn\":\"" + keyElsewhere + "\"}}",
                "is a key in eu-central-1; RDS needs the key in us-west-2",
                "{\"eu-west-1\":{\"bucket\":\"b-eu-west-1\",\"kmsKeyArn\":\"" + Fixtures.KMS_KEY_ARN + "\"}}",
                "names eu-west-1, the region of EXPORT_KMS_KEY_ARN");
        broken.forEach((value, message) -> assertThatThrownBy(() -> ExporterSettings.fromEnvironment(
                env(ExporterSettings.EXPORT_DESTINATIONS, value))).as(value)
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining(message));
    }

    @Test
    void fromEnvironment_bothClusterAndInstance_rejected() {
        assertThatThrownBy(() -> ExporterSettings.fromEnvironment(env(ExporterSettings.DB_INSTANCE_IDENTIFIER, "billing-db")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("DB_CLUSTER_IDENTIFIER").hasMessageContaining("DB_INSTANCE_IDENTIFIER");
    }

    @Test
    void fromEnvironment_invalidExternalId_doesNotEchoIt() {
        assertThatThrownBy(() -> ExporterSettings.fromEnvironment(env(ExporterSettings.SOURCE_EXTERNAL_ID, "x y z")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("SOURCE_EXTERNAL_ID").hasMessageNotContaining("x y z");
    }

    @Test
    void fromEnvironment_externalIdWithoutRole_rejected() {
        assertThatThrownBy(() -> ExporterSettings.fromEnvironment(
                env(ExporterSettings.SOURCE_ROLE_ARN, null, ExporterSettings.SOURCE_EXTERNAL_ID, "example-id")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("SOURCE_ROLE_ARN");
    }
}
