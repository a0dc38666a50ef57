package dev.analysisplatform.export.errors;

/** A field of the invocation input has the wrong type or value. Never retried: the input will not change. */
public final class InvalidInputException extends ExporterException {
    public InvalidInputException(String message) {
        super(message);
    }
}
