package dev.analysisplatform.export.catalog;

/**
 * A table of the export that did not bring fresh data into the catalog: RDS failed or skipped it, or listed it
 * COMPLETE without writing its data. {@code target} is RDS's name ({@code database.schema.table}).
 */
public record IncompleteTable(String target, String reason) {

    @Override
    public String toString() {
        return target + " (" + reason + ")";
    }
}
