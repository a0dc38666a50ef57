package dev.analysisplatform.export;

/**
 * Where one source's exports land: {@code s3://bucket/prefix/} (RDS appends {@code <exportTaskIdentifier>/}),
 * encrypted with {@code kmsKeyArn}; bucket and key are in the snapshot's region. The prefix is
 * {@code <EXPORT_PREFIX>/<source account>/<sourceName>/<cluster-or-instance-id>}: the account segment is what the
 * bucket policy confines each source account's export role to. {@code legacyPrefix} is where the same source's
 * exports landed before that segment: a task there is the same export, never started again.
 */
public record ExportDestination(String bucket, String prefix, String kmsKeyArn, String legacyPrefix) {

    public ExportDestination(String bucket, String prefix, String kmsKeyArn) {
        this(bucket, prefix, kmsKeyArn, null);
    }

    /** {@code account}: the source account, whose export role RDS writes with. */
    static ExportDestination of(String bucket, String basePrefix, String account, String sourceName,
                                DatabaseTarget target, String kmsKeyArn) {
        return new ExportDestination(bucket, basePrefix + "/" + account + "/" + sourceName + "/" + target.identifier(),
                kmsKeyArn, basePrefix + "/" + sourceName + "/" + target.identifier());
    }

    /** True when an existing task wrote to this destination; RDS may echo the prefix with a trailing slash. */
    boolean matches(String taskBucket, String taskPrefix) {
        String written = stripSlashes(taskPrefix);
        return bucket.equals(taskBucket) && (prefix.equals(written) || written.equals(legacyPrefix));
    }

    /** This destination as an existing task wrote to it (under the legacy prefix, for a task from before). */
    ExportDestination asWrittenBy(String taskPrefix) {
        return new ExportDestination(bucket, stripSlashes(taskPrefix), kmsKeyArn, legacyPrefix);
    }

    private static String stripSlashes(String value) {
        if (value == null) {
            return "";
        }
        String result = value;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        while (result.startsWith("/")) {
            result = result.substring(1);
        }
        return result;
    }
}
