package dev.analysisplatform.export.catalog;

import java.time.Instant;

/** The completed export to register: where RDS wrote it, and which snapshot it holds. */
public record RegisteredExport(String sourceName, String exportTaskIdentifier, String s3Bucket, String s3Prefix,
                               String snapshotIdentifier, Instant snapshotCreateTime) {

    /** {@code <prefix>/<exportTaskIdentifier>/}: RDS writes everything of one export below it. */
    public String exportRoot() {
        return (s3Prefix.isEmpty() ? "" : s3Prefix + "/") + exportTaskIdentifier + "/";
    }
}
