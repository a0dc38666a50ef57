package dev.analysisplatform.contract;

/**
 * The names both stacks agree on without reading each other's state. Because every cross-account reference
 * is a deterministic name (and policies use {@code aws:PrincipalArn} conditions on account principals
 * rather than role principals), either account can be deployed first.
 */
public record PlatformNames(
        String prefix,
        String partition,
        String region,
        String analyticsAccountId,
        String exportBucketName,
        String exportPrefix) {

    /**
     * The tag that makes a manual, shared or AWS Backup snapshot one of a database's: its value is the cluster or
     * instance identifier. Those snapshots' names are free, so only a tag tells whose they are; the reader role may
     * export no other (automated ones are told apart by name). Tagging the database with it and enabling
     * CopyTagsToSnapshot tags every snapshot taken of it; AWS Backup copies the database's tags to its snapshots.
     */
    public static final String DATABASE_TAG = "analysis-platform:database";

    /** Role in each source account that the exporter Lambda assumes. */
    public String readerRoleName() {
        return prefix + "-snapshot-reader";
    }

    /** Role in each source account that RDS itself uses to write the export to S3. */
    public String exportRoleName() {
        return prefix + "-snapshot-export";
    }

    /** Execution role of the exporter Lambda functions in the analytics account. */
    public String exporterRoleName() {
        return prefix + "-exporter";
    }

    public String keyAliasName() {
        return "alias/" + prefix + "-exports";
    }

    public String roleArn(String accountId, String roleName) {
        return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
    }

    public String readerRoleArn(String sourceAccountId) {
        return roleArn(sourceAccountId, readerRoleName());
    }

    public String exportRoleArn(String sourceAccountId) {
        return roleArn(sourceAccountId, exportRoleName());
    }

    public String exporterRoleArn() {
        return roleArn(analyticsAccountId, exporterRoleName());
    }

    public String accountRootArn(String accountId) {
        return "arn:" + partition + ":iam::" + accountId + ":root";
    }

    public String exportBucketArn() {
        return "arn:" + partition + ":s3:::" + exportBucketName;
    }

    /**
     * The export bucket of a source region: RDS exports a snapshot only "to an S3 bucket in the same AWS Region as the
     * snapshot" (RDS user guide, exporting snapshot data to S3). The analytics region's is {@link #exportBucketName},
     * as it always was (run records and configuration live there too); another region's carries the region's name.
     */
    public String exportBucketName(String sourceRegion) {
        return sourceRegion.equals(region) ? exportBucketName : exportBucketName + "-" + sourceRegion;
    }

    public String exportBucketArn(String sourceRegion) {
        return "arn:" + partition + ":s3:::" + exportBucketName(sourceRegion);
    }

    /**
     * Key prefix (no trailing slash) under which one source's exports land, {@code <exportPrefix>/<account>/<source>}:
     * its export role writes only here. The account segment lets the bucket policy confine every source account to
     * its own folder with one statement ({@link #accountFolderPattern}), so the policy grows by an account id per
     * account, not by statements naming each source (S3's 20 KB bucket policy held 16 accounts that way).
     */
    public String sourcePrefix(String accountId, String sourceName) {
        return accountFolder(accountId) + "/" + sourceName;
    }

    /** {@code <exportPrefix>/<account>}: the folder of one source account's exports, all its sources' together. */
    public String accountFolder(String accountId) {
        return exportPrefix + "/" + accountId;
    }

    /**
     * Where a source's exports landed before the account segment, {@code <exportPrefix>/<source>}: tasks there still
     * count as this source's exports (nothing is exported again), and export roles may still write there, so source
     * stacks can be upgraded before the analytics stack.
     */
    public String legacySourcePrefix(String sourceName) {
        return exportPrefix + "/" + sourceName;
    }

    /**
     * Every source account's own folder, as a bucket policy names them all at once: {@code <exportPrefix>/} and the
     * requesting account, in the {@code &{...}} form an {@code aws_iam_policy_document} renders as the IAM policy
     * variable {@code ${aws:PrincipalAccount}} (Terraform would read {@code ${...}} as its own interpolation).
     */
    public String accountFolderPattern() {
        return exportPrefix + "/&{aws:PrincipalAccount}";
    }

    /** The export role of every source account, for an {@code ArnLike} condition next to the accounts as principals. */
    public String anyAccountsExportRoleArn() {
        return exportRoleArn("*");
    }

    /** The reader role of every source account, likewise. */
    public String anyAccountsReaderRoleArn() {
        return readerRoleArn("*");
    }

    /** Any KMS key of the analytics account; narrowed by a {@code kms:ResourceAliases} condition to ours. */
    public String analyticsKeyArnPattern() {
        return analyticsKeyArnPattern(region);
    }

    /** Any KMS key of the analytics account in {@code keyRegion}: each source region has its own export key. */
    public String analyticsKeyArnPattern(String keyRegion) {
        return "arn:" + partition + ":kms:" + keyRegion + ":" + analyticsAccountId + ":key/*";
    }

    /** The Glue database of this environment: the prefix with underscores (Glue and Athena names). */
    public String glueDatabaseName() {
        return prefix.replace('-', '_');
    }

    public String athenaWorkgroupName() {
        return prefix;
    }

    /** Athena query results: its own bucket, so analysts' results never mix with exports. */
    public String athenaResultsBucketName() {
        return prefix + "-athena-" + analyticsAccountId;
    }

    /** Execution role of the catalog registration function. */
    public String registrarRoleName() {
        return prefix + "-catalog-registrar";
    }

    /** Terraform state bucket of one account (created by the {@code <env>-state} bootstrap stack). */
    public String stateBucketName(String accountId) {
        return prefix + "-tfstate-" + accountId;
    }

    /** The daily state machine. */
    public String stateMachineName() {
        return prefix + "-export";
    }

    public String stateMachineArn() {
        return "arn:" + partition + ":states:" + region + ":" + analyticsAccountId + ":stateMachine:" + stateMachineName();
    }

    /** The child executions a Distributed Map starts: {@code execution:<state machine>/<map run label>:<id>}. */
    public String childExecutionArnPattern() {
        return "arn:" + partition + ":states:" + region + ":" + analyticsAccountId + ":execution:" + stateMachineName()
                + "/*";
    }

    /** The schedule that starts it. */
    public String scheduleName() {
        return prefix + "-daily-export";
    }

    /** The analytics account's event bus that receives the source accounts' snapshot events ({@code startOn}). */
    public String snapshotEventBusName() {
        return prefix + "-snapshot-events";
    }

    public String snapshotEventBusArn() {
        return "arn:" + partition + ":events:" + region + ":" + analyticsAccountId + ":event-bus/" + snapshotEventBusName();
    }

    /** In each source account: the role EventBridge uses to forward snapshot events to that bus. */
    public String snapshotForwarderRoleName() {
        return prefix + "-snapshot-event-forwarder";
    }

    /** In the analytics account: the role EventBridge uses to start the state machine for a snapshot event. */
    public String snapshotStarterRoleName() {
        return prefix + "-snapshot-event-starter";
    }

    /** EventBridge's limit for a rule name. */
    static final int RULE_NAME_LENGTH = 64;

    /**
     * The rule, in a source account and on the analytics bus alike, for one source's snapshots of one kind
     * ({@code automated} or {@code manual}); shortened with a hash of the full name past EventBridge's 64 characters.
     */
    public String snapshotRuleName(String sourceName, String kind) {
        String name = prefix + "-" + (kind.equals(ValueRules.AUTOMATED) ? "auto" : kind) + "-" + sourceName;
        if (name.length() <= RULE_NAME_LENGTH) {
            return name;
        }
        String hash = Integer.toHexString(name.hashCode() & 0x7fffffff);
        return name.substring(0, RULE_NAME_LENGTH - hash.length() - 1) + "-" + hash;
    }

    /** The failure topic, and the EventBridge rule and alarm that watch failed executions. */
    public String failureTopicName() {
        return prefix + "-export-failures";
    }

    public String plannerRoleName() {
        return prefix + "-planner";
    }

    public String planFunctionName() {
        return prefix + "-plan";
    }

    public String summarizeFunctionName() {
        return prefix + "-run-summary";
    }

    public String startFunctionName() {
        return prefix + "-export-start";
    }

    public String statusFunctionName() {
        return prefix + "-export-status";
    }

    public String registerFunctionName() {
        return prefix + "-catalog-register";
    }

    /** The managed policy analysts are given to query. */
    public String analystPolicyName() {
        return prefix + "-analyst";
    }

    /** Server access logs of the export and results buckets. */
    public String accessLogBucketName() {
        return prefix + "-access-logs-" + analyticsAccountId;
    }

    /** S3 delivers a bucket's access logs only to a bucket in the same region: one per source region. */
    public String accessLogBucketName(String bucketRegion) {
        return bucketRegion.equals(region) ? accessLogBucketName() : accessLogBucketName() + "-" + bucketRegion;
    }

    /** The CloudWatch dashboard of the exports. */
    public String dashboardName() {
        return prefix + "-exports";
    }

    /**
     * Every alarm of this environment: the failure topic accepts their notifications by this pattern, because a list
     * of exact ARNs (two alarms per source) would outgrow SNS's 30 KB topic policy at fleet size.
     */
    public String alarmArnPattern() {
        return "arn:" + partition + ":cloudwatch:" + region + ":" + analyticsAccountId + ":alarm:" + prefix + "-*";
    }

    /** The alarm on tables of one source that brought no fresh data. */
    public String staleTablesAlarmName(String sourceName) {
        return prefix + "-stale-tables-" + sourceName;
    }

    /** The alarm on one source's data freshness. */
    public String freshnessAlarmName(String sourceName) {
        return prefix + "-freshness-" + sourceName;
    }
}
