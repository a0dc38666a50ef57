package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.SnapStartPriming;
import dev.analysisplatform.contract.MetricNames;
import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.runtime.ExportMetrics;
import dev.analysisplatform.export.runtime.JsonInput;
import dev.analysisplatform.export.runtime.JsonOutput;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Lambda entry point {@code dev.analysisplatform.export.ExportLatestSnapshotHandler::handleRequest}: exports
 * the newest available snapshot of one source (or the one named in the input), at most once.
 *
 * <p>A stream handler, because the input is any JSON a person or the state machine sends, and it is
 * validated field by field rather than bound to a class by the runtime.
 */
public final class ExportLatestSnapshotHandler implements RequestStreamHandler {

    private final ExportRequestParser parser;
    private final SnapshotExporter exporter;
    private final ExportMetrics metrics;

    /** Used by the Lambda runtime: configuration and clients are set up once per container. */
    public ExportLatestSnapshotHandler() {
        this(ExporterSettings.fromEnvironment(System.getenv()), AssumeRoleSourceClients.create());
        SnapStartPriming.register(ExporterPriming::prime);
    }

    /** With explicit settings and clients: what the two-region query test (query-test/) exports with. */
    public ExportLatestSnapshotHandler(ExporterSettings settings, SourceClients clients) {
        this(settings, clients, ExportMetrics.standard());
    }

    ExportLatestSnapshotHandler(ExporterSettings settings, SourceClients clients, ExportMetrics metrics) {
        this.parser = new ExportRequestParser(settings.sourceDefaults());
        this.exporter = new SnapshotExporter(clients, settings);
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ExportRequest request = parser.parse(JsonInput.read(input));
        ExportResult result;
        try {
            result = exporter.export(request, new DecisionLog(context.getLogger()));
        } catch (RuntimeException e) {
            metrics.failure(String.valueOf(request.sourceName()), "start");
            throw e;
        }
        if (!result.alreadyExported() && !result.dryRun()) {
            // How old the data is that this run exports: the first half of freshness.
            metrics.emit(String.valueOf(result.sourceName()), java.util.List.of(new ExportMetrics.Metric(
                    MetricNames.SNAPSHOT_AGE_HOURS, "None", metrics.hoursSince(result.snapshotCreateTime()))));
        }
        JsonOutput.write(result.toJson(), output);
    }
}
