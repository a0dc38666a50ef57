package dev.analysisplatform.export.errors;

/**
 * RDS refused to start another export because the account already runs its maximum of concurrent
 * export tasks (5 by default). Retryable: the state machine backs off and tries again.
 */
public final class ExportQuotaExceededException extends ExporterException {
    public ExportQuotaExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
