package dev.analysisplatform.export.catalog;

import dev.analysisplatform.export.errors.CatalogRegistrationException;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Keeps the partitions of a current table on the export the table points to. Whoever registers last may not be the
 * one that moved the table last, so each registration makes the partitions match the table *as it is now* (read
 * from its location, not from what this registration wanted) and repeats until the table did not change meanwhile.
 * The last registration to finish therefore leaves table and partitions on the same export.
 */
final class CurrentPartitions {

    private final GlueTables tables;
    private final ExportFiles files;
    private final int maxAttempts;

    CurrentPartitions(GlueTables tables, ExportFiles files, int maxAttempts) {
        this.tables = tables;
        this.files = files;
        this.maxAttempts = maxAttempts;
    }

    /** Returns how many partitions were created, moved or removed. */
    int converge(String name) {
        int changed = 0;
        Table table = tables.get(name);
        for (int attempt = 1; attempt <= maxAttempts && table != null; attempt++) {
            changed += tables.sync(name, wanted(table));
            Table after = tables.get(name);
            if (after == null || Objects.equals(after.versionId(), table.versionId())) {
                return changed;
            }
            table = after;
        }
        if (table == null) {
            return changed;
        }
        throw new CatalogRegistrationException("Glue table " + tables.database + "." + name + " kept moving while its "
                + "partitions were synchronised (" + maxAttempts + " attempts); other registrations are running. "
                + "Retry the step.");
    }

    private List<PartitionInput> wanted(Table table) {
        String location = table.storageDescriptor().location();
        String root = "s3://" + files.bucket() + "/";
        if (!location.startsWith(root)) {
            throw new CatalogRegistrationException("Glue table " + tables.database + "." + table.name() + " points to "
                    + location + ", outside the export bucket " + files.bucket() + "; it is not this platform's.");
        }
        String folder = location.substring(root.length());
        ExportFiles.Layout layout = files.layout(folder);
        return layout.folders().stream()
                .map(sub -> CatalogRegistrar.partition(List.of(layout.partitionValue(sub)), table.storageDescriptor(),
                        root + sub))
                .toList();
    }

}
