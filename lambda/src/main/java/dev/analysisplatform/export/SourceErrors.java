package dev.analysisplatform.export;

import dev.analysisplatform.export.errors.AwsUnavailableException;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import dev.analysisplatform.export.errors.ExportQuotaExceededException;
import dev.analysisplatform.export.errors.SourceAccessDeniedException;
import dev.analysisplatform.export.runtime.AwsErrors;
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
final class SourceErrors {

    private static final Set<String> ACCESS_DENIED_CODES = Set.of(
            "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "NotAuthorized",
            "InvalidClientTokenId", "ExpiredToken");

    private SourceErrors() {
    }

    static RuntimeException translate(SdkException error, SourceAccess access, String exportRoleArn) {
        InvalidConfigurationException misconfigured = AwsErrors.misconfigured(error);
        if (misconfigured != null) {
            return misconfigured;
        }
        StsException sts = AwsErrors.find(error, StsException.class);
        if (sts != null && AwsErrors.isTransient(sts)) {
            return new AwsUnavailableException("STS did not answer the assume-role call for " + access.describe()
                    + " (" + AwsErrors.code(sts) + ", HTTP " + sts.statusCode() + "); transient, retried.", error);
        }
        if (sts != null && (sts.statusCode() == 403 || ACCESS_DENIED_CODES.contains(AwsErrors.code(sts)))) {
            return new SourceAccessDeniedException("Could not assume " + access.describe() + " ("
                    + AwsErrors.code(sts) + "). Check that the source-account stack (another-account-iam-role) is deployed in "
                    + "that account, that the role's trust policy allows this function's role, and that the "
                    + "ExternalId matches the one the source stack requires.", error);
        }
        if (error instanceof IamRoleNotFoundException || error instanceof IamRoleMissingPermissionsException) {
            return new SourceAccessDeniedException("RDS could not use the export role " + exportRoleArn + " ("
                    + AwsErrors.code(error) + "). It must exist in the source account, trust export.rds.amazonaws.com and "
                    + "allow writing to the export bucket's prefix for this source.", error);
        }
        if (error instanceof KmsKeyNotAccessibleException) {
            return new SourceAccessDeniedException("RDS could not use the export KMS key (" + AwsErrors.code(error) + "). "
                    + "The key policy in the analytics account must allow the source account's roles "
                    + "(see the analytics stack), and the key must be enabled.", error);
        }
        if (error instanceof InvalidS3BucketException) {
            return new SourceAccessDeniedException("RDS could not write to the export bucket (" + AwsErrors.code(error)
                    + "). The bucket policy must allow the export role " + exportRoleArn
                    + " under this source's prefix.", error);
        }
        if (error instanceof AwsServiceException service) {
            String code = AwsErrors.code(service);
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
        if (AwsErrors.isTransient(error)) {
            return AwsErrors.unavailable("The source account's RDS API (via " + access.describe() + ")", error);
        }
        return error;
    }

    /** RDS does not model its concurrency quota error; match the names it uses for quota faults. */
    private static boolean isQuota(String code) {
        String lower = code.toLowerCase(Locale.ROOT);
        return lower.contains("quotaexceeded") || lower.contains("limitexceeded") || lower.contains("limitreached");
    }

}
