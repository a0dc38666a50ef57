package dev.analysisplatform.export.errors;

/** The status of an export task was asked for, but the source account has no task by that identifier. */
public final class ExportTaskNotFoundException extends ExporterException {
    public ExportTaskNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
