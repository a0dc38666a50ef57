package dev.analysisplatform.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analysisplatform.export.errors.InvalidConfigurationException;
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
