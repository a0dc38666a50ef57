package dev.analysisplatform.export;

import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.contract.ValueRules;
import dev.analysisplatform.export.runtime.JsonInput;
import dev.analysisplatform.export.errors.InvalidInputException;
import java.time.Instant;
import java.util.List;

/**
 * Turns an invocation's input into an {@link ExportRequest}: input fields override the function's
 * environment defaults, then everything an export needs must be present.
 */
public final class ExportRequestParser {

    public static final String SOURCE_NAME = FunctionContract.SOURCE_NAME;
    public static final String SOURCE_ROLE_ARN = FunctionContract.SOURCE_ROLE_ARN;
    public static final String EXTERNAL_ID = FunctionContract.EXTERNAL_ID;
    public static final String EXPORT_ROLE_ARN = FunctionContract.EXPORT_ROLE_ARN;
    public static final String DB_CLUSTER_IDENTIFIER = FunctionContract.DB_CLUSTER_IDENTIFIER;
    public static final String DB_INSTANCE_IDENTIFIER = FunctionContract.DB_INSTANCE_IDENTIFIER;
    public static final String SNAPSHOT_TYPES = FunctionContract.SNAPSHOT_TYPES;
    public static final String SNAPSHOT_IDENTIFIER = "snapshotIdentifier";
    public static final String EXPORT_ONLY = FunctionContract.EXPORT_ONLY;
    public static final String DRY_RUN = "dryRun";
    /** Set by the planner from the execution's start time; see {@link ExportRequest#runStartTime()}. */
    public static final String RUN_START_TIME = "runStartTime";
    public static final String MAX_SNAPSHOT_AGE_HOURS = FunctionContract.MAX_SNAPSHOT_AGE_HOURS;
    /** Where the database is: RDS is called there, and the export goes to that region's bucket. */
    public static final String SOURCE_REGION = FunctionContract.SOURCE_REGION;

    private final SourceSettings defaults;

    public ExportRequestParser(SourceSettings defaults) {
        this.defaults = defaults;
    }

    public ExportRequest parse(JsonInput input) {
        SourceSettings source = sourceSettings(input);
        if (source.target() == null) {
            throw new InvalidInputException("No database to export: set input field '" + DB_CLUSTER_IDENTIFIER
                    + "' or '" + DB_INSTANCE_IDENTIFIER + "', or the function's environment variable "
                    + ExporterSettings.DB_CLUSTER_IDENTIFIER + " or " + ExporterSettings.DB_INSTANCE_IDENTIFIER + ".");
        }
        if (source.exportRoleArn() == null) {
            throw new InvalidInputException("No export role: set input field '" + EXPORT_ROLE_ARN
                    + "' or the function's environment variable " + ExporterSettings.EXPORT_ROLE_ARN
                    + " (the role in the source account that RDS uses to write to S3).");
        }
        Boolean dryRun = input.bool(DRY_RUN);
        return new ExportRequest(
                source.sourceName(),
                source.access(),
                source.exportRoleArn(),
                source.target(),
                source.snapshotTypes(),
                input.string(SNAPSHOT_IDENTIFIER, ValueRules::snapshotIdentifier),
                input.strings(EXPORT_ONLY, ValueRules::exportOnlyEntry),
                dryRun != null && dryRun,
                instant(input.string(RUN_START_TIME, ValueRules::instant)),
                input.integer(MAX_SNAPSHOT_AGE_HOURS, 1, ExportPlanner.MAX_SNAPSHOT_AGE_HOURS));
    }

    /** The source fields alone (shared with the status handler, which needs only how to reach the account). */
    public SourceSettings sourceSettings(JsonInput input) {
        String cluster = input.string(DB_CLUSTER_IDENTIFIER, ValueRules::dbIdentifier);
        String instance = input.string(DB_INSTANCE_IDENTIFIER, ValueRules::dbIdentifier);
        if (cluster != null && instance != null) {
            throw new InvalidInputException("Input fields '" + DB_CLUSTER_IDENTIFIER + "' and '" + DB_INSTANCE_IDENTIFIER
                    + "' are both set; a source is either an Aurora cluster or an RDS instance.");
        }
        DatabaseTarget target = cluster != null ? new DatabaseTarget.Cluster(cluster)
                : instance != null ? new DatabaseTarget.Instance(instance) : defaults.target();

        String roleArn = input.string(SOURCE_ROLE_ARN, ValueRules::roleArn);
        String externalId = input.string(EXTERNAL_ID, ValueRules::externalId);
        if (roleArn != null && externalId == null) {
            // A different role than the configured one must not inherit the configured role's ExternalId.
            externalId = roleArn.equals(defaults.sourceRoleArn()) ? defaults.externalId() : null;
        } else if (roleArn == null) {
            roleArn = defaults.sourceRoleArn();
            externalId = externalId != null ? externalId : defaults.externalId();
        }
        if (externalId != null && roleArn == null) {
            throw new InvalidInputException("Input field '" + EXTERNAL_ID + "' is set but there is no '" + SOURCE_ROLE_ARN
                    + "' to assume with it.");
        }
        List<String> types = input.strings(SNAPSHOT_TYPES, ValueRules::snapshotType);
        return new SourceSettings(
                orDefault(input.string(SOURCE_NAME, ValueRules::sourceName), defaults.sourceName()),
                roleArn,
                externalId,
                orDefault(input.string(EXPORT_ROLE_ARN, ValueRules::roleArn), defaults.exportRoleArn()),
                target,
                types != null ? types : defaults.snapshotTypes(),
                orDefault(input.string(SOURCE_REGION, ValueRules::region), defaults.region()));
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
