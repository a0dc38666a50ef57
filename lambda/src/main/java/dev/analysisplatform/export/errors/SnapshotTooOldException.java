package dev.analysisplatform.export.errors;

/**
 * The newest available snapshot is older than the source's {@code maxSnapshotAgeHours}: tonight's snapshot is not
 * there (yet). Retried by the state machine every 15 minutes for {@code waitForSnapshotHours}; then the source fails
 * loudly instead of reporting yesterday's export as today's.
 */
public final class SnapshotTooOldException extends ExporterException {
    public SnapshotTooOldException(String message) {
        super(message);
    }
}
