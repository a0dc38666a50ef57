package dev.analysisplatform.export;

/**
 * Where one source's exports land: {@code s3://bucket/prefix/} (RDS appends {@code <exportTaskIdentifier>/}),
 * encrypted with {@code kmsKeyArn}; bucket and key are in the snapshot's region.
 * The prefix is {@code <EXPORT_PREFIX>/<sourceName>/<cluster-or-instance-id>}, so each source account's
 * export role can be limited to its own part of the bucket.
 */
public record ExportDestination(String bucket, String prefix, String kmsKeyArn) {

    static ExportDestination of(String bucket, String basePrefix, String sourceName, DatabaseTarget target,
                                String kmsKeyArn) {
        return new ExportDestination(bucket, basePrefix + "/" + sourceName + "/" + target.identifier(), kmsKeyArn);
    }

    /** True when an existing task wrote to this destination; RDS may echo the prefix with a trailing slash. */
    boolean matches(String taskBucket, String taskPrefix) {
        return bucket.equals(taskBucket) && prefix.equals(stripSlashes(taskPrefix));
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
