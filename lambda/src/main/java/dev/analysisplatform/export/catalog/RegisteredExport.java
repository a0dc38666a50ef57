package dev.analysisplatform.export.catalog;

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
}
