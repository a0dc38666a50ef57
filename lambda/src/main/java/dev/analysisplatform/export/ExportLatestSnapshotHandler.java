package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.DecisionLog;
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

    /** Used by the Lambda runtime: configuration and clients are set up once per container. */
    public ExportLatestSnapshotHandler() {
        this(ExporterSettings.fromEnvironment(System.getenv()), AssumeRoleSourceClients.create());
    }

    ExportLatestSnapshotHandler(ExporterSettings settings, SourceClients clients) {
        this.parser = new ExportRequestParser(settings.sourceDefaults());
        this.exporter = new SnapshotExporter(clients, settings);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ExportRequest request = parser.parse(JsonInput.read(input));
        ExportResult result = exporter.export(request, new DecisionLog(context.getLogger()));
        JsonOutput.write(result.toJson(), output);
    }
}
