package dev.analysisplatform.export.errors;

/** Base of every deliberate exporter failure; unchecked so handlers stay free of plumbing. */
public abstract class ExporterException extends RuntimeException {
    protected ExporterException(String message) {
        super(message);
    }

    protected ExporterException(String message, Throwable cause) {
        super(message, cause);
    }
}
