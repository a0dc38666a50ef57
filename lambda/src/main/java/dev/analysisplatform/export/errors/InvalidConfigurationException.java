package dev.analysisplatform.export.errors;

/**
 * The function's environment (or a CLI flag standing in for it) is missing or malformed. Raised while the
 * container initialises, so a misconfigured deployment fails on its first invocation, loudly.
 */
public final class InvalidConfigurationException extends ExporterException {
    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
