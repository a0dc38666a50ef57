package dev.analysisplatform.environment;

/** An environment file is missing or wrong; the message names the file and the field. */
public final class InvalidEnvironmentException extends RuntimeException {
    public InvalidEnvironmentException(String message) {
        super(message);
    }

    public InvalidEnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
