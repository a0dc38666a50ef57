package dev.analysisplatform.export.errors;

/**
 * The source account refused us: the role could not be assumed, or the role (or the export role RDS
 * uses) lacks a permission. The message names the role and what to check; it never contains credentials.
 */
public final class SourceAccessDeniedException extends ExporterException {
    public SourceAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
