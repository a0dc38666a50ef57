package dev.analysisplatform.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.providers.aws.s3_object.S3Object;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.environment.EnvironmentDefinition;
import software.constructs.Construct;

/**
 * The configured sources as a run record ({@link RunRecords#CONFIGURED_SOURCES_KEY}), which the planner reads at the
 * start of every run. In the state machine definition they would ride in the plan step's input, which Step Functions
 * caps at 256 KiB (about 400 sources); an object has no such limit, and a deploy changes it with the definition.
 */
public final class RunConfiguration extends Construct {

    public final S3Object sources;

    public RunConfiguration(Construct scope, String id, EnvironmentDefinition environment, ExportBucket bucket,
                            ExportKey key) {
        super(scope, id);
        sources = S3Object.Builder.create(this, "sources")
                .bucket(bucket.bucket.getBucket())
                .key(RunRecords.CONFIGURED_SOURCES_KEY)
                .content(json(environment))
                .contentType("application/json")
                .serverSideEncryption("aws:kms")
                .kmsKeyId(key.key.getArn())
                .build();
    }

    public static String json(EnvironmentDefinition environment) {
        try {
            return new ObjectMapper().writeValueAsString(ExportWorkflow.configuredSources(environment));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the configured sources", e);
        }
    }
}
