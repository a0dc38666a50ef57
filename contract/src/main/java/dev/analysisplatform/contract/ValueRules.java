package dev.analysisplatform.contract;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The shape of every value the environment files and the functions accept, in one place: the environment loader
 * (synth time) and the functions (run time) use these same checks, so a value synth accepts is never refused by
 * the nightly run. Each check returns {@code null} when the value is fine, or a short description of what is
 * expected, which callers prefix with the name of the field, variable or input that held it.
 */
public final class ValueRules {

    /** The snapshot type RDS names after its database; every other type is told apart by PlatformNames.DATABASE_TAG. */
    public static final String AUTOMATED = "automated";
    public static final List<String> SNAPSHOT_TYPES = List.of(AUTOMATED, "manual", "shared", "awsbackup");

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern KMS_KEY_ARN =
            Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)/[\\w/+=,.@-]+");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    /** What Step Functions allows in an execution name (no white space, brackets, wildcards, "#%\\^|~`$&,;:/ or controls). */
    private static final Pattern EXECUTION_NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}");
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern DB_IDENTIFIER = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)");
    private static final Pattern SNAPSHOT_IDENTIFIER = Pattern.compile(
            "(arn:aws[a-z-]*:rds:[a-z0-9-]+:\\d{12}:(cluster-snapshot|snapshot):)?[A-Za-z][A-Za-z0-9:-]{0,254}");

    /**
     * Names one source's {@code exportOnly} may list. RDS documents no count, but every name rides in the source's
     * child execution, under Step Functions' 256 KiB per state (100 of the longest names are 32 KB of it); a longer
     * list is better written as the schema or database that holds the tables.
     */
    public static final int MAX_EXPORT_ONLY_ENTRIES = 100;

    private ValueRules() {
    }

    public static String roleArn(String value) {
        return ROLE_ARN.matcher(value).matches() ? null : "an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)";
    }

    /** An AWS region name (eu-west-1, us-gov-west-1, cn-north-1): what the environment file and the CLI accept. */
    public static String region(String value) {
        return REGION.matcher(value).matches() ? null : "an AWS region such as eu-west-1";
    }

    /** A Step Functions execution name (the run's records are kept under it). */
    public static String executionName(String value) {
        return EXECUTION_NAME.matcher(value).matches() ? null
                : "a Step Functions execution name (1-80 characters, no white space, brackets, wildcards or \"#%\\^|~`$&,;:/)";
    }

    public static String externalId(String value) {
        return EXTERNAL_ID.matcher(value).matches() ? null : "2-1224 characters of letters, digits and +=,.@:/-_";
    }

    public static String kmsKeyArn(String value) {
        return KMS_KEY_ARN.matcher(value).matches()
                ? null
                : "a KMS key ARN (arn:aws:kms:<region>:<12 digits>:key/<id>); RDS needs the full ARN across accounts";
    }

    public static String bucket(String value) {
        // S3's rules beyond the character set: no IP address form, no reserved prefixes or suffixes.
        boolean reserved = value.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || value.startsWith("xn--")
                || value.startsWith("sthree-") || value.endsWith("-s3alias") || value.endsWith("--ol-s3")
                || value.endsWith(".mrap") || value.endsWith("--x-s3");
        return BUCKET.matcher(value).matches() && !value.contains("..") && !reserved
                ? null
                : "an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens; not an IP address, no "
                        + "reserved prefix or suffix)";
    }

    public static String prefix(String value) {
        return value.length() <= 200 && PREFIX.matcher(value).matches()
                ? null
                : "an S3 key prefix without leading or trailing '/' (letters, digits, . _ - and '/' between parts)";
    }

    public static String sourceName(String value) {
        return SOURCE_NAME.matcher(value).matches()
                ? null
                : "1-63 lowercase letters, digits, '_' and '-', starting with a letter or digit";
    }

    public static String dbIdentifier(String value) {
        return DB_IDENTIFIER.matcher(value).matches()
                ? null
                : "an RDS identifier (1-63 letters, digits and hyphens; starts with a letter; no '--'; no trailing '-')";
    }

    public static String snapshotIdentifier(String value) {
        return SNAPSHOT_IDENTIFIER.matcher(value).matches() ? null : "a DB snapshot or DB cluster snapshot identifier or ARN";
    }

    public static String snapshotType(String value) {
        return SNAPSHOT_TYPES.contains(value) ? null : "one of " + SNAPSHOT_TYPES;
    }

    public static String instant(String value) {
        try {
            java.time.Instant.parse(value);
            return null;
        } catch (java.time.format.DateTimeParseException e) {
            return "an ISO-8601 instant such as 2026-11-25T03:00:00Z";
        }
    }

    /** How many names one {@code exportOnly} may list; null when {@code count} is within {@link #MAX_EXPORT_ONLY_ENTRIES}. */
    public static String exportOnlyCount(int count) {
        return count <= MAX_EXPORT_ONLY_ENTRIES ? null : "names " + count + " tables or schemas; at most "
                + MAX_EXPORT_ONLY_ENTRIES + " (every name rides in the source's run, which Step Functions caps at "
                + "256 KiB a state): name the schema or database that holds them instead";
    }

    public static String exportOnlyEntry(String value) {
        return !value.isBlank() && value.length() <= 200 && value.strip().equals(value)
                ? null
                : "a database, database.table or database.schema[.table] name without surrounding spaces, at most "
                        + "200 characters";
    }

    /** A price per GB in USD: a non-negative decimal number such as 0.010. */
    public static String pricePerGb(String value) {
        return value.matches("\\d{1,4}(\\.\\d{1,6})?") ? null : "a price per GB in USD such as 0.010";
    }
}
