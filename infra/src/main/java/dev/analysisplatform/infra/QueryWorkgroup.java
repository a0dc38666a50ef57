package dev.analysisplatform.infra;

import com.hashicorp.cdktf.providers.aws.athena_workgroup.AthenaWorkgroup;
import com.hashicorp.cdktf.providers.aws.athena_workgroup.AthenaWorkgroupConfiguration;
import com.hashicorp.cdktf.providers.aws.athena_workgroup.AthenaWorkgroupConfigurationResultConfiguration;
import com.hashicorp.cdktf.providers.aws.athena_workgroup.AthenaWorkgroupConfigurationResultConfigurationEncryptionConfiguration;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.cdktf.SecureBucket;
import java.util.List;
import software.constructs.Construct;

/**
 * The Athena workgroup analysts query in: results KMS-encrypted in their own bucket (expired after
 * {@link #RESULT_RETENTION_DAYS} days), settings enforced so clients cannot override them, and a per-query
 * bytes-scanned cutoff so one careless query cannot scan every export.
 */
public final class QueryWorkgroup extends Construct {

    static final int RESULT_RETENTION_DAYS = 30;
    private static final long BYTES_PER_GB = 1024L * 1024 * 1024;

    public final AthenaWorkgroup workgroup;
    public final S3Bucket results;

    public QueryWorkgroup(Construct scope, String id, EnvironmentDefinition environment, ExportKey key) {
        super(scope, id);
        String bucketName = environment.names().athenaResultsBucketName();
        results = new SecureBucket(this, "results", bucketName, new SecureBucket.Options(key.key.getArn(), "",
                RESULT_RETENTION_DAYS, false, List.of())).bucket;
        // Every query leaves its result here, so the bucket is never empty at destroy time; results are re-creatable
        // by running the query again, so `cdktf destroy` removes them with the platform.
        results.setForceDestroy(true);
        workgroup = AthenaWorkgroup.Builder.create(this, "workgroup")
                .name(environment.names().athenaWorkgroupName())
                .description("analysis-platform " + environment.name() + ": queries over the RDS exports")
                .state("ENABLED")
                // Lets `terraform destroy` remove the workgroup even when it holds saved queries.
                .forceDestroy(true)
                .configuration(AthenaWorkgroupConfiguration.builder()
                        .enforceWorkgroupConfiguration(true)
                        .publishCloudwatchMetricsEnabled(true)
                        .bytesScannedCutoffPerQuery(environment.athenaBytesScannedCutoffGb() * BYTES_PER_GB)
                        .resultConfiguration(AthenaWorkgroupConfigurationResultConfiguration.builder()
                                .outputLocation("s3://" + bucketName + "/results/")
                                .encryptionConfiguration(AthenaWorkgroupConfigurationResultConfigurationEncryptionConfiguration.builder()
                                        .encryptionOption("SSE_KMS")
                                        .kmsKeyArn(key.key.getArn())
                                        .build())
                                .build())
                        .build())
                .build();
    }
}
