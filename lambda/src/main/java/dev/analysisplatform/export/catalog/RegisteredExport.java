package dev.analysisplatform.export.catalog;

import java.util.ArrayList;
import java.util.List;

import java.time.Instant;

/**
 * The completed export to register: where RDS wrote it, which snapshot it holds, and the task's
 * {@code WarningMessage} (null when RDS reported none).
 */
public record RegisteredExport(String sourceName, String exportTaskIdentifier, String s3Bucket, String s3Prefix,
                               String snapshotIdentifier, Instant snapshotCreateTime, String warningMessage) {

    public RegisteredExport(String sourceName, String exportTaskIdentifier, String s3Bucket, String s3Prefix,
                            String snapshotIdentifier, Instant snapshotCreateTime) {
        this(sourceName, exportTaskIdentifier, s3Bucket, s3Prefix, snapshotIdentifier, snapshotCreateTime, null);
    }

    /** {@code <prefix>/<exportTaskIdentifier>/}: RDS writes everything of one export below it. */
    public String exportRoot() {
        return exportsFolder() + exportTaskIdentifier + "/";
    }

    /** {@code <prefix>/}: the folder holding one folder per export task of this destination. */
    public String exportsFolder() {
        return s3Prefix.isEmpty() ? "" : s3Prefix + "/";
    }

    /**
     * Where the same source's exports landed before the account segment: {@code <base>/<source>/<db>/} for an export
     * under {@code <base>/<12-digit account>/<source>/<db>}, else null. Those exports are still in the bucket, and
     * registered: the catalog keeps them until the lifecycle rule deletes them.
     */
    public String legacyExportsFolder() {
        List<String> parts = new ArrayList<>(List.of(s3Prefix.split("/")));
        int n = parts.size();
        if (n < 4 || !parts.get(n - 2).equals(sourceName) || !parts.get(n - 3).matches("\\d{12}")) {
            return null;
        }
        parts.remove(n - 3);
        return String.join("/", parts) + "/";
    }
}
