package dev.analysisplatform.export;

import dev.analysisplatform.export.errors.AwsUnavailableException;
import dev.analysisplatform.export.errors.ExportQuotaExceededException;
import dev.analysisplatform.export.errors.SourceAccessDeniedException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.model.IamRoleMissingPermissionsException;
import software.amazon.awssdk.services.rds.model.IamRoleNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidS3BucketException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Turns the SDK errors that have a known meaning for an export into the exporter's own exceptions, with
 * a message that says what to check. Throttling, 5xx and network failures that outlast the SDK's standard retry
 * mode become {@link AwsUnavailableException} (the state machine retries it); only answers that really mean
 * "denied" become {@link SourceAccessDeniedException}. Everything else propagates unchanged: nothing is swallowed.
 */
public final class AwsErrors {

    private static final Set<String> ACCESS_DENIED_CODES = Set.of(
            "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "NotAuthorized",
            "InvalidClientTokenId", "ExpiredToken");

    private AwsErrors() {
    }

    static RuntimeException translate(SdkException error, SourceAccess access, String exportRoleArn) {
        StsException sts = find(error, StsException.class);
        if (sts != null && isTransient(sts)) {
            return new AwsUnavailableException("STS did not answer the assume-role call for " + access.describe()
                    + " (" + code(sts) + ", HTTP " + sts.statusCode() + "); transient, retried.", error);
        }
        if (sts != null && (sts.statusCode() == 403 || ACCESS_DENIED_CODES.contains(code(sts)))) {
            return new SourceAccessDeniedException("Could not assume " + access.describe() + " ("
                    + code(sts) + "). Check that the source-account stack (another-account-iam-role) is deployed in "
                    + "that account, that the role's trust policy allows this function's role, and that the "
                    + "ExternalId matches the one the source stack requires.", error);
        }
        if (error instanceof IamRoleNotFoundException || error instanceof IamRoleMissingPermissionsException) {
            return new SourceAccessDeniedException("RDS could not use the export role " + exportRoleArn + " ("
                    + code(error) + "). It must exist in the source account, trust export.rds.amazonaws.com and "
                    + "allow writing to the export bucket's prefix for this source.", error);
        }
        if (error instanceof KmsKeyNotAccessibleException) {
            return new SourceAccessDeniedException("RDS could not use the export KMS key (" + code(error) + "). "
                    + "The key policy in the analytics account must allow the source account's roles "
                    + "(see the analytics stack), and the key must be enabled.", error);
        }
        if (error instanceof InvalidS3BucketException) {
            return new SourceAccessDeniedException("RDS could not write to the export bucket (" + code(error)
                    + "). The bucket policy must allow the export role " + exportRoleArn
                    + " under this source's prefix.", error);
        }
        if (error instanceof AwsServiceException service) {
            String code = code(service);
            if (service.statusCode() == 403 || ACCESS_DENIED_CODES.contains(code)) {
                return new SourceAccessDeniedException("The source account denied a call made with "
                        + access.describe() + " (" + code + "). Update the source-account stack so that the role "
                        + "may describe snapshots and start and describe export tasks.", error);
            }
            if (isQuota(code)) {
                return new ExportQuotaExceededException("RDS refused to start another export (" + code + "): an "
                        + "account runs at most 5 exports at a time by default. Retry later.", error);
            }
        }
        if (isTransient(error)) {
            return unavailable("The source account's RDS API (via " + access.describe() + ")", error);
        }
        return error;
    }

    /** Throttling, 5xx, or no answer at all (network failure, timeout): worth trying again later. */
    public static boolean isTransient(SdkException error) {
        if (error instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        // A client-side failure with no service answer: connection refused or reset, DNS, call timeouts.
        return find(error, AwsServiceException.class) == null;
    }

    /** {@code what} (e.g. "Glue") did not answer usefully; the message says which call and why. */
    public static AwsUnavailableException unavailable(String what, SdkException error) {
        return new AwsUnavailableException(what + " did not answer (" + code(error) + (error instanceof
                AwsServiceException service ? ", HTTP " + service.statusCode() : "") + ": " + error.getMessage()
                + "); transient, retried.", error);
    }

    /** RDS does not model its concurrency quota error; match the names it uses for quota faults. */
    private static boolean isQuota(String code) {
        String lower = code.toLowerCase(Locale.ROOT);
        return lower.contains("quotaexceeded") || lower.contains("limitexceeded") || lower.contains("limitreached");
    }

    private static String code(SdkException error) {
        if (error instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return error.getClass().getSimpleName();
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
