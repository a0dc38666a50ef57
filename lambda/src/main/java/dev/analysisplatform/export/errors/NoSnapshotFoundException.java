package dev.analysisplatform.export.errors;

/** No snapshot of the configured cluster or instance is available (yet) for export. */
public final class NoSnapshotFoundException extends ExporterException {
    public NoSnapshotFoundException(String message) {
        super(message);
    }
}
