package dev.analysisplatform.cdktf;

/** Statements every bucket of the project carries. */
public final class Buckets {

    private Buckets() {
    }

    /** Refuses any request over plain HTTP, for every principal. */
    public static Statement denyInsecureTransport(String bucketArn) {
        return Statement.deny("DenyInsecureTransport")
                .actions("s3:*")
                .principal("*", "*")
                .resources(bucketArn, bucketArn + "/*")
                .condition("Bool", "aws:SecureTransport", "false");
    }
}
