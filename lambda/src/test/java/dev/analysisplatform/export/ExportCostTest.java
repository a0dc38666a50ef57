package dev.analysisplatform.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analysisplatform.export.errors.InvalidConfigurationException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExportCostTest {

    @Test
    void estimate_isGigabytesTimesThePriceAndTheListPriceByDefault() {
        assertThat(ExportCost.fromEnvironment(Map.of()).estimate(100).toPlainString()).isEqualTo("1.0000");
        assertThat(ExportCost.fromEnvironment(Map.of("EXPORT_PRICE_PER_GB", "0.012")).estimate(42).toPlainString())
                .isEqualTo("0.5040");
        assertThat(ExportCost.fromEnvironment(Map.of()).estimate(null)).isNull();
    }

    /** The same rule the environment loader applies to exportPricePerGb (contract ValueRules.pricePerGb). */
    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "abc", "1e-3", "0,010"})
    void aPriceSynthWouldRefuse_isRefusedNamingTheVariable(String price) {
        assertThatThrownBy(() -> ExportCost.fromEnvironment(Map.of("EXPORT_PRICE_PER_GB", price)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("EXPORT_PRICE_PER_GB");
    }
}
