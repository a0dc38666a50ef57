package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.SnapStartPriming;
import dev.analysisplatform.contract.MetricNames;
import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.runtime.ExportMetrics;
import dev.analysisplatform.export.runtime.JsonInput;
import dev.analysisplatform.export.runtime.JsonOutput;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.analysisplatform.export.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point {@code dev.analysisplatform.export.ExportStatusHandler::handleRequest}: takes the start
 * handler's output (plus the same source fields) and returns it with the task's current status, progress
 * and failure cause. A dry run's output comes back unchanged, since nothing was started.
 */
public final class ExportStatusHandler implements RequestStreamHandler {

    static final String EXPORT_TASK_IDENTIFIER = "exportTaskIdentifier";

    private final ExportRequestParser parser;
    private final ExportStatusChecker checker;
    private final ExportCost cost;
    private final ExportMetrics metrics;

    public ExportStatusHandler() {
        this(ExporterSettings.fromEnvironment(System.getenv()), AssumeRoleSourceClients.create(),
                ExportCost.fromEnvironment(System.getenv()), ExportMetrics.standard());
        SnapStartPriming.register(ExporterPriming::prime);
    }

    /** With explicit settings and clients: what the two-region query test (query-test/) checks exports with. */
    public ExportStatusHandler(ExporterSettings settings, SourceClients clients) {
        this(settings, clients, ExportCost.fromEnvironment(Map.of()), ExportMetrics.standard());
    }

    ExportStatusHandler(ExporterSettings settings, SourceClients clients, ExportCost cost, ExportMetrics metrics) {
        this.parser = new ExportRequestParser(settings.sourceDefaults());
        this.checker = new ExportStatusChecker(clients);
        this.cost = cost;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonInput json = JsonInput.read(input);
        String identifier = json.string(EXPORT_TASK_IDENTIFIER,
                v -> ExportTaskIdentifiers.isValid(v) ? null : "an RDS export task identifier");
        if (identifier == null) {
            throw new InvalidInputException("Input field '" + EXPORT_TASK_IDENTIFIER
                    + "' is required: pass the output of ExportLatestSnapshotHandler.");
        }
        Map<String, Object> result;
        if (ExportResult.NOT_STARTED.equals(json.asMap().get("status"))) {
            result = new LinkedHashMap<>(json.asMap());
        } else {
            SourceAccess access = parser.sourceSettings(json).access();
            try {
                result = checker.check(access, identifier, json.asMap(), new DecisionLog(context.getLogger()));
            } catch (RuntimeException e) {
                metrics.failure(String.valueOf(json.asMap().get("sourceName")), "status");
                throw e;
            }
            if ("COMPLETE".equals(result.get(ExportResult.STATUS))) {
                Integer gb = result.get("totalExtractedDataInGB") instanceof Number n ? n.intValue() : null;
                BigDecimal estimate = cost.estimate(gb);
                result.put(ExportResult.ESTIMATED_COST_USD, estimate);
                metrics.emit(String.valueOf(result.get("sourceName")), List.of(
                        new ExportMetrics.Metric(MetricNames.EXPORT_DURATION_SECONDS, "Seconds",
                                (Number) result.get(ExportResult.EXPORT_DURATION_SECONDS)),
                        new ExportMetrics.Metric(MetricNames.GIGABYTES_EXTRACTED, "Gigabytes", gb),
                        new ExportMetrics.Metric(MetricNames.ESTIMATED_EXPORT_COST_USD, "None", estimate)));
            }
        }
        JsonOutput.write(result, output);
    }
}
