package dev.analysisplatform.export.runtime;

import dev.analysisplatform.export.errors.AwsUnavailableException;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What both functions need to know about SDK errors: whether one is transient (throttling, 5xx, no answer at all,
 * after the SDK's own standard-mode retries) and how to report it as {@link AwsUnavailableException}, which the state
 * machine retries. What an error means for an export is {@code SourceErrors}' business.
 */
public final class AwsErrors {

    private AwsErrors() {
    }

    /** Throttling, 5xx, or no answer at all (network failure, timeout): worth trying again later. */
    public static boolean isTransient(SdkException error) {
        if (misconfigured(error) != null) {
            return false;
        }
        if (error instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        // A client-side failure with no service answer: connection refused or reset, DNS, call timeouts.
        return find(error, AwsServiceException.class) == null;
    }

    /**
     * The configuration error, saying what to set, when the SDK found no credentials or no region; else null. These are client-side failures with no
     * service answer, which {@link #isTransient} would otherwise retry as an outage; no retry can fix them. The SDK
     * has no exception type for either, only its messages ("Unable to load credentials from any of the providers in
     * the chain …", "Unable to load region from any of the providers in the chain …").
     */
    public static InvalidConfigurationException misconfigured(SdkException error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.startsWith("Unable to load credentials")) {
                return new InvalidConfigurationException("No AWS credentials were found: set AWS_PROFILE (or "
                        + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); in Lambda, the function needs an execution role.",
                        error);
            }
            if (message.startsWith("Unable to load region")) {
                return new InvalidConfigurationException("No AWS region was found: set AWS_REGION (the CLI also takes "
                        + "--region).", error);
            }
        }
        return null;
    }

    /** {@code what} (e.g. "Glue") did not answer usefully; the message says which call and why. */
    public static AwsUnavailableException unavailable(String what, SdkException error) {
        return new AwsUnavailableException(what + " did not answer (" + code(error) + (error instanceof
                AwsServiceException service ? ", HTTP " + service.statusCode() : "") + ": " + error.getMessage()
                + "); transient, retried.", error);
    }

    /** The service's error code, or the exception's class name when no service answered. */
    public static String code(SdkException error) {
        if (error instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return error.getClass().getSimpleName();
    }

    /** The first {@code type} in the cause chain of {@code error}, or null. */
    public static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
