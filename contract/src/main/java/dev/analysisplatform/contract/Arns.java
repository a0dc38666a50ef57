package dev.analysisplatform.contract;

/**
 * The fields of an ARN ({@code arn:partition:service:region:account:resource}) the functions read: the region a snapshot
 * or key is in, the account a role belongs to.
 */
public final class Arns {

    private Arns() {
    }

    /** The region of {@code arn}; empty for a global resource (IAM) or a value that is not an ARN. */
    public static String region(String arn) {
        return field(arn, 3);
    }

    /** The account of {@code arn}; empty for a value that is not an ARN. */
    public static String account(String arn) {
        return field(arn, 4);
    }

    private static String field(String arn, int index) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length == 6 ? parts[index] : "";
    }
}
