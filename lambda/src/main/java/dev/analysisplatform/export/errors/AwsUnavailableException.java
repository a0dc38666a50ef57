package dev.analysisplatform.export.errors;

/**
 * AWS did not give an answer that means anything yet: throttling, a 5xx or a network failure or timeout, after the
 * SDK's own retries. Transient by definition, so the state machine retries the step with backoff; every step is
 * idempotent (a start looks for its own task before starting one), so a retry never exports twice.
 */
public final class AwsUnavailableException extends ExporterException {
    public AwsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
