package dev.analysisplatform.infra;

import com.hashicorp.cdktf.TerraformProvider;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import com.hashicorp.cdktf.providers.aws.s3_bucket_logging.S3BucketLoggingA;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.cdktf.SecureBucket;
import dev.analysisplatform.cdktf.Statement;
import java.util.List;
import software.constructs.Construct;

/**
 * The audit trail of the two buckets that hold production data (exports, query results): S3 server access logs
 * into a bucket of their own, {@code <prefix>-access-logs-<account>}. Its default encryption is SSE-S3: S3 log
 * delivery does not use the AWS-managed KMS key, and the logs hold requesters and object keys, never rows. Log
 * delivery is granted by bucket policy to {@code logging.s3.amazonaws.com}, narrowed by {@code aws:SourceAccount}
 * and {@code aws:SourceArn} (S3 User Guide, "Permissions for log delivery").
 */
public final class AccessLogs extends Construct {

    static final String LOGGING_SERVICE = "logging.s3.amazonaws.com";
    /** Access logs are evidence: kept for a year, then expired. */
    static final int RETENTION_DAYS = 365;

    public final S3Bucket bucket;

    /**
     * Logs of {@code logged}, buckets in {@code region}, made by {@code provider} (null: the stack's default): S3
     * delivers access logs only to a bucket in the logged bucket's region.
     */
    public AccessLogs(Construct scope, String id, EnvironmentDefinition environment, String region, List<S3Bucket> logged,
                      TerraformProvider provider) {
        super(scope, id);
        String name = environment.names().accessLogBucketName(region);
        SecureBucket secure = new SecureBucket(this, "logs", name, new SecureBucket.Options(null, "", RETENTION_DAYS,
                false, List.of(Statement.allow("S3ServerAccessLogDelivery")
                        .actions("s3:PutObject")
                        .principal("Service", LOGGING_SERVICE)
                        .resources("arn:" + environment.partition() + ":s3:::" + name + "/*")
                        .condition("StringEquals", "aws:SourceAccount", environment.analyticsAccountId())
                        .condition("ArnLike", "aws:SourceArn", logged.stream().map(S3Bucket::getArn).toList())),
                true), provider);
        bucket = secure.bucket;
        // S3 keeps delivering logs while the platform is torn down, so the bucket is never empty at destroy time;
        // `cdktf destroy` removes the logs with the platform (copy them first if they must outlive it).
        bucket.setForceDestroy(true);
        for (S3Bucket source : logged) {
            S3BucketLoggingA.Builder.create(this, "logging-" + logged.indexOf(source))
                    .provider(provider)
                    .bucket(source.getId())
                    .targetBucket(bucket.getId())
                    .targetPrefix(source.getBucket() + "/")
                    // The target's policy must grant log delivery before S3 accepts the logging configuration.
                    .dependsOn(List.of(secure.policy))
                    .build();
        }
    }
}
