package dev.analysisplatform.export.catalog;

import dev.analysisplatform.export.runtime.SnapStartPriming;
import dev.analysisplatform.contract.ExportOutput;
import dev.analysisplatform.contract.MetricNames;
import dev.analysisplatform.contract.FunctionContract;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.runtime.ExportMetrics;
import dev.analysisplatform.export.runtime.JsonInput;
import dev.analysisplatform.export.runtime.JsonOutput;
import dev.analysisplatform.export.runtime.SdkDefaults;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import dev.analysisplatform.export.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda entry point {@code dev.analysisplatform.export.catalog.RegisterExportHandler::handleRequest}: registers
 * a complete export (the status handler's output) in the Glue Data Catalog. Environment: {@code GLUE_DATABASE}.
 */
public final class RegisterExportHandler implements RequestStreamHandler {

    public static final String GLUE_DATABASE = FunctionContract.ENV_GLUE_DATABASE;

    private final CatalogRegistrar registrar;
    private final ExportMetrics metrics;

    public RegisterExportHandler() {
        this(database(System.getenv()), Clients.standard());
        SnapStartPriming.register(RegistrarPriming::prime);
    }

    /** With explicit clients: what the Trino query test (query-test/) registers exports with. */
    public RegisterExportHandler(String database, Clients clients) {
        this(database, clients, ExportMetrics.standard());
    }

    public RegisterExportHandler(String database, Clients clients, ExportMetrics metrics) {
        this.registrar = new CatalogRegistrar(clients.glue(), clients.s3(), database);
        this.metrics = metrics;
    }

    /** The SDK clients this function uses, created once per container. */
    public record Clients(GlueClient glue, S3Client s3) {

        /** The deployed function's: region, endpoint and credentials from the SDK's default chains. */
        public static Clients standard() {
            SdkHttpClient http = SdkDefaults.httpClient();
            return new Clients(
                    GlueClient.builder().httpClient(http).overrideConfiguration(SdkDefaults.overrides()).build(),
                    // Exports of a source in another region are in that region's bucket (RDS exports within a region).
                    S3Client.builder().httpClient(http).overrideConfiguration(SdkDefaults.overrides())
                            .crossRegionAccessEnabled(true).build());
        }
    }

    static String database(Map<String, String> env) {
        String database = env.get(GLUE_DATABASE);
        if (database == null || database.isBlank()) {
            throw new InvalidConfigurationException("Environment variable " + GLUE_DATABASE + " is required but not set.");
        }
        if (!database.matches("[a-z0-9_]{1,255}")) {
            throw new InvalidConfigurationException("Environment variable " + GLUE_DATABASE + " is '" + database
                    + "'; expected a Glue database name (lowercase letters, digits, underscores).");
        }
        return database;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonInput json = JsonInput.read(input);
        String status = json.string("status", v -> null);
        Boolean dryRun = json.bool("dryRun");
        String task = required(json, "exportTaskIdentifier");
        if (Boolean.TRUE.equals(dryRun) || !"COMPLETE".equals(status)) {
            throw new InvalidInputException("Export " + task + " is " + status + (Boolean.TRUE.equals(dryRun)
                    ? " (dry run)" : "") + "; only complete exports can be registered.");
        }
        String createTime = json.string("snapshotCreateTime", v -> {
            try {
                Instant.parse(v);
                return null;
            } catch (DateTimeParseException e) {
                return "an ISO-8601 instant";
            }
        });
        RegisteredExport export = new RegisteredExport(required(json, "sourceName"), task, required(json, "s3Bucket"),
                required(json, "s3Prefix"), json.string("snapshotIdentifier", v -> null),
                createTime == null ? null : Instant.parse(createTime),
                json.string(ExportOutput.WARNING_MESSAGE, v -> null));
        Map<String, Object> summary;
        try {
            summary = new java.util.LinkedHashMap<>(registrar.register(export, new DecisionLog(context.getLogger())));
        } catch (RuntimeException e) {
            metrics.failure(export.sourceName(), "register");
            throw e;
        }
        // Emitted on every registration, also of an export registered before (the daily run registers the newest
        // export of every source again): DataAgeHours is the freshness the analysts see, every day. The run summary
        // carries it too (always present: the state machine reads it by path).
        Long dataAge = metrics.hoursSince(export.snapshotCreateTime());
        summary.put(ExportOutput.DATA_AGE_HOURS, dataAge);
        metrics.emit(export.sourceName(), List.of(
                new ExportMetrics.Metric(MetricNames.DATA_AGE_HOURS, "None", dataAge),
                new ExportMetrics.Metric(MetricNames.TABLES_REGISTERED, "Count", (Number) summary.get("tablesRegistered")),
                new ExportMetrics.Metric(MetricNames.TABLES_SKIPPED, "Count", count(summary.get(ExportOutput.INCOMPLETE_TABLES))
                        + count(summary.get("invalidTables")))));
        JsonOutput.write(summary, output);
    }

    private static int count(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    private static String required(JsonInput json, String field) {
        String value = json.string(field, v -> v.isBlank() ? "non-empty" : null);
        if (value == null) {
            throw new InvalidInputException("Input field '" + field + "' is required: pass the export status output.");
        }
        return value;
    }
}
