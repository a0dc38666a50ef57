package dev.analysisplatform.export.errors;

/** A completed export could not be registered in the Glue Data Catalog (metadata missing or unreadable). */
public final class CatalogRegistrationException extends ExporterException {
    public CatalogRegistrationException(String message) {
        super(message);
    }

    public CatalogRegistrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
