package dev.analysisplatform.export;

import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.contract.ValueRules;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The estimated price of one export: RDS bills snapshot export per GB ("Amazon RDS pricing", snapshot export:
 * priced per GB of snapshot data), so the estimate is the extracted GB RDS reports times the configured price per GB
 * ({@value FunctionContract#ENV_EXPORT_PRICE_PER_GB}, default {@link Defaults#EXPORT_PRICE_PER_GB_USD} USD, the
 * us-east-1 list price). RDS bills the whole snapshot scanned, also with exportOnly, so this is a lower bound when
 * only some tables are exported.
 */
record ExportCost(BigDecimal pricePerGb) {

    static ExportCost fromEnvironment(Map<String, String> env) {
        String configured = env.get(FunctionContract.ENV_EXPORT_PRICE_PER_GB);
        if (configured == null || configured.isBlank()) {
            return new ExportCost(new BigDecimal(Defaults.EXPORT_PRICE_PER_GB_USD));
        }
        // The rule the environment loader applies to exportPricePerGb, so synth and the function agree.
        String problem = ValueRules.pricePerGb(configured);
        if (problem != null) {
            throw new InvalidConfigurationException("Environment variable " + FunctionContract.ENV_EXPORT_PRICE_PER_GB
                    + " is '" + configured + "'; expected " + problem + ".");
        }
        return new ExportCost(new BigDecimal(configured));
    }

    /** USD, rounded to the cent's hundredth; null when the extracted size is unknown. */
    BigDecimal estimate(Integer extractedGb) {
        return extractedGb == null ? null : pricePerGb.multiply(BigDecimal.valueOf(extractedGb)).setScale(4, RoundingMode.HALF_UP);
    }
}
