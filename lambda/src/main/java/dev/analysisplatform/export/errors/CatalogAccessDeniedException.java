package dev.analysisplatform.export.errors;

/**
 * Registration was denied by Glue, S3 or KMS: the message names the service, the permission and where it is granted
 * (the register function's role, the bucket policy, the key policy). Not transient: retrying changes nothing until
 * the permission does.
 */
public final class CatalogAccessDeniedException extends ExporterException {
    public CatalogAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
