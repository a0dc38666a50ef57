package dev.analysisplatform.export;

import dev.analysisplatform.contract.Arns;
import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.contract.ValueRules;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import dev.analysisplatform.export.errors.InvalidInputException;

/**
 * The function's configuration, read once from its environment and validated; every error names the
 * variable. The destination (bucket, key, prefix) is fixed per deployment; the source fields are defaults
 * that an invocation may override.
 */
public record ExporterSettings(String bucket, String kmsKeyArn, String prefix, SourceSettings sourceDefaults,
                               Map<String, Destination> otherRegions) {

    /** One region's export bucket and key: RDS exports a snapshot only to a bucket (and key) in its own region. */
    public record Destination(String bucket, String kmsKeyArn) {
    }

    public static final String EXPORT_BUCKET = FunctionContract.ENV_EXPORT_BUCKET;
    public static final String EXPORT_KMS_KEY_ARN = FunctionContract.ENV_EXPORT_KMS_KEY_ARN;
    public static final String EXPORT_PREFIX = FunctionContract.ENV_EXPORT_PREFIX;
    public static final String EXPORT_DESTINATIONS = FunctionContract.ENV_EXPORT_DESTINATIONS;
    public static final String SOURCE_NAME = "SOURCE_NAME";
    public static final String SOURCE_ROLE_ARN = "SOURCE_ROLE_ARN";
    public static final String SOURCE_EXTERNAL_ID = "SOURCE_EXTERNAL_ID";
    public static final String EXPORT_ROLE_ARN = "EXPORT_ROLE_ARN";
    public static final String DB_CLUSTER_IDENTIFIER = "DB_CLUSTER_IDENTIFIER";
    public static final String DB_INSTANCE_IDENTIFIER = "DB_INSTANCE_IDENTIFIER";
    public static final String SNAPSHOT_TYPES = "SNAPSHOT_TYPES";

    /** Every variable the exporter reads; infra/ tests check the deployed function sets nothing else. */
    public static final List<String> VARIABLES = List.of(EXPORT_BUCKET, EXPORT_KMS_KEY_ARN, EXPORT_PREFIX, EXPORT_DESTINATIONS,
            SOURCE_NAME, SOURCE_ROLE_ARN, SOURCE_EXTERNAL_ID, EXPORT_ROLE_ARN, DB_CLUSTER_IDENTIFIER,
            DB_INSTANCE_IDENTIFIER, SNAPSHOT_TYPES);

    public static final String DEFAULT_PREFIX = Defaults.EXPORT_PREFIX;

    public ExporterSettings {
        require(EXPORT_BUCKET, bucket, ValueRules::bucket);
        require(EXPORT_KMS_KEY_ARN, kmsKeyArn, ValueRules::kmsKeyArn);
        require(EXPORT_PREFIX, prefix, ValueRules::prefix);
        otherRegions = Map.copyOf(otherRegions);
        String own = Arns.region(kmsKeyArn);
        if (otherRegions.containsKey(own)) {
            // Two destinations for one region: which one exports would depend on the reader, so neither is taken.
            throw new InvalidConfigurationException("Environment variable " + EXPORT_DESTINATIONS + " names " + own
                    + ", the region of " + EXPORT_KMS_KEY_ARN + " and " + EXPORT_BUCKET + ": list only other regions.");
        }
    }

    public ExporterSettings(String bucket, String kmsKeyArn, String prefix, SourceSettings sourceDefaults) {
        this(bucket, kmsKeyArn, prefix, sourceDefaults, Map.of());
    }

    /** The region of EXPORT_BUCKET and EXPORT_KMS_KEY_ARN: the key's ARN names it. */
    public String region() {
        return Arns.region(kmsKeyArn);
    }

    /** Where a snapshot of {@code region} is exported to; refused for a region this deployment has no bucket in. */
    public Destination destinationIn(String region) {
        if (region.equals(region())) {
            return new Destination(bucket, kmsKeyArn);
        }
        Destination destination = otherRegions.get(region);
        if (destination == null) {
            List<String> regions = new ArrayList<>(List.of(region()));
            regions.addAll(new java.util.TreeSet<>(otherRegions.keySet()));
            throw new InvalidInputException("The snapshot is in " + region + ", and this deployment has no export bucket "
                    + "there (RDS exports a snapshot only to a bucket in its own region); it exports in " + regions
                    + ". Set the source's region in the environment file and deploy the analytics stack (the CLI: "
                    + "--region with a bucket and key of that region).");
        }
        return destination;
    }

    public static ExporterSettings fromEnvironment(Map<String, String> env) {
        String cluster = optional(env, DB_CLUSTER_IDENTIFIER, ValueRules::dbIdentifier);
        String instance = optional(env, DB_INSTANCE_IDENTIFIER, ValueRules::dbIdentifier);
        if (cluster != null && instance != null) {
            throw new InvalidConfigurationException("Set only one of " + DB_CLUSTER_IDENTIFIER + " and "
                    + DB_INSTANCE_IDENTIFIER + ": a source is either an Aurora cluster or an RDS instance.");
        }
        DatabaseTarget target = cluster != null ? new DatabaseTarget.Cluster(cluster)
                : instance != null ? new DatabaseTarget.Instance(instance) : null;
        SourceSettings defaults = new SourceSettings(
                optional(env, SOURCE_NAME, ValueRules::sourceName),
                optional(env, SOURCE_ROLE_ARN, ValueRules::roleArn),
                optional(env, SOURCE_EXTERNAL_ID, ValueRules::externalId),
                optional(env, EXPORT_ROLE_ARN, ValueRules::roleArn),
                target,
                snapshotTypes(env.get(SNAPSHOT_TYPES)));
        if (defaults.externalId() != null && defaults.sourceRoleArn() == null) {
            throw new InvalidConfigurationException(SOURCE_EXTERNAL_ID + " is set but " + SOURCE_ROLE_ARN
                    + " is not: an ExternalId only means something when assuming a role.");
        }
        String prefix = blankToNull(env.get(EXPORT_PREFIX));
        return new ExporterSettings(blankToNull(env.get(EXPORT_BUCKET)), blankToNull(env.get(EXPORT_KMS_KEY_ARN)),
                prefix == null ? DEFAULT_PREFIX : prefix, defaults, destinations(blankToNull(env.get(EXPORT_DESTINATIONS))));
    }

    /** EXPORT_DESTINATIONS: {@code {"<region>": {"bucket": ..., "kmsKeyArn": ...}}}, every value checked. */
    private static Map<String, Destination> destinations(String raw) {
        if (raw == null) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(raw);
        } catch (java.io.IOException e) {
            throw new InvalidConfigurationException("Environment variable " + EXPORT_DESTINATIONS + " is not JSON: "
                    + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> regions)) {
            throw new InvalidConfigurationException("Environment variable " + EXPORT_DESTINATIONS + " must be a JSON "
                    + "object of regions, each {\"bucket\": ..., \"kmsKeyArn\": ...}.");
        }
        Map<String, Destination> destinations = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : regions.entrySet()) {
            String region = String.valueOf(entry.getKey());
            String at = EXPORT_DESTINATIONS + "." + region;
            if (ValueRules.region(region) != null || !(entry.getValue() instanceof Map<?, ?> fields)) {
                throw new InvalidConfigurationException("Environment variable " + EXPORT_DESTINATIONS + " has '" + region
                        + "'; expected a region name with {\"bucket\": ..., \"kmsKeyArn\": ...}.");
            }
            String bucket = fields.get(FunctionContract.DESTINATION_BUCKET) instanceof String b ? b : null;
            String key = fields.get(FunctionContract.DESTINATION_KMS_KEY_ARN) instanceof String k ? k : null;
            require(at + "." + FunctionContract.DESTINATION_BUCKET, bucket, ValueRules::bucket);
            require(at + "." + FunctionContract.DESTINATION_KMS_KEY_ARN, key, ValueRules::kmsKeyArn);
            if (!Arns.region(key).equals(region)) {
                throw new InvalidConfigurationException("Environment variable " + at + "." + FunctionContract.DESTINATION_KMS_KEY_ARN
                        + " is a key in " + Arns.region(key) + "; RDS needs the key in " + region + ", the snapshot's region.");
            }
            destinations.put(region, new Destination(bucket, key));
        }
        return destinations;
    }

    private static List<String> snapshotTypes(String raw) {
        if (blankToNull(raw) == null) {
            return SourceSettings.DEFAULT_SNAPSHOT_TYPES;
        }
        List<String> types = new ArrayList<>();
        for (String type : Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            String problem = ValueRules.snapshotType(type);
            if (problem != null) {
                throw new InvalidConfigurationException(SNAPSHOT_TYPES + " contains '" + type + "'; each entry must be "
                        + problem + " (comma-separated).");
            }
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        return types;
    }

    private static void require(String variable, String value, Function<String, String> rule) {
        if (value == null) {
            throw new InvalidConfigurationException("Environment variable " + variable + " is required but not set.");
        }
        String problem = rule.apply(value);
        if (problem != null) {
            // An ExternalId is not a credential, but it is not ours to print either.
            String shown = SOURCE_EXTERNAL_ID.equals(variable) ? "set to an invalid value" : "'" + value + "'";
            throw new InvalidConfigurationException(
                    "Environment variable " + variable + " is " + shown + "; expected " + problem + ".");
        }
    }

    private static String optional(Map<String, String> env, String variable, Function<String, String> rule) {
        String value = blankToNull(env.get(variable));
        if (value != null) {
            require(variable, value, rule);
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
