package dev.analysisplatform.local.lambda;

import dev.analysisplatform.infra.ExportWorkflow;
import dev.analysisplatform.local.asl.Invoker;
import dev.analysisplatform.local.deploy.DeployedPlatform;
import dev.analysisplatform.local.deploy.Emulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.s3.S3Client;
import dev.analysisplatform.export.run.S3RunStore;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Every function Terraform deployed, running in the Lambda runtime interface client with its own execution role's
 * credentials (as Lambda gives them), and the state machine's SNS integration with the state machine role's: the Task
 * resources the definition names, by function ARN and by alias ARN.
 */
public final class DeployedFunctions implements AutoCloseable {

    public final Map<String, Invoker> byResource;
    public final SnsPublisher publisher;
    private final List<AutoCloseable> resources;

    private DeployedFunctions(Map<String, Invoker> byResource, SnsPublisher publisher, List<AutoCloseable> resources) {
        this.byResource = byResource;
        this.publisher = publisher;
        this.resources = resources;
    }

    public static DeployedFunctions start(DeployedPlatform platform, Emulator emulator, Path runtimeClient, Path workDir)
            throws IOException {
        Map<String, Invoker> functions = new LinkedHashMap<>();
        List<AutoCloseable> resources = new ArrayList<>();
        Path jni = LocalFunction.unpackJniLibrary(runtimeClient, workDir);
        try (var http = UrlConnectionHttpClient.create();
             StsClient sts = StsClient.builder().httpClient(http).region(Region.of(emulator.region()))
                     .endpointOverride(URI.create(emulator.endpoint()))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                     .build()) {
            for (DeployedPlatform.Function function : platform.functionsByArn.values()) {
                Credentials role = sts.assumeRole(r -> r.roleArn(function.roleArn())
                        .roleSessionName(function.name()).durationSeconds(3600)).credentials();
                LocalFunction local = LocalFunction.start(function, runtimeClient, jni, emulator, role, workDir);
                resources.add(local);
                functions.put(function.arn(), local);
            }
            // The state machine calls each function through its alias.
            platform.aliasArns.forEach((alias, target) -> {
                if (target != null) {
                    functions.put(alias, functions.get(target.arn()));
                }
            });
            SnsClient sns = snsAsStateMachine(sts, platform, emulator);
            resources.add(sns);
            SnsPublisher publisher = new SnsPublisher(sns);
            functions.put(ExportWorkflow.SNS_PUBLISH, publisher);
            S3Client s3 = s3AsStateMachine(sts, platform, emulator);
            resources.add(s3);
            functions.putAll(S3Tasks.invokers("aws", new S3RunStore(s3)));
            return new DeployedFunctions(Map.copyOf(functions), publisher, resources);
        } catch (IOException | RuntimeException e) {
            // One function failed to start: stop the ones that did, rather than leave processes behind.
            closeAll(resources);
            throw e;
        }
    }

    /** The state machine's SNS integration publishes with the state machine role's credentials. */
    private static SnsClient snsAsStateMachine(StsClient sts, DeployedPlatform platform, Emulator emulator) {
        return SnsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(emulator.region())).endpointOverride(URI.create(emulator.endpoint()))
                .credentialsProvider(asStateMachine(sts, platform)).build();
    }

    /** Its S3 integrations (ItemReader, ResultWriter, each source's outcome) likewise. */
    private static S3Client s3AsStateMachine(StsClient sts, DeployedPlatform platform, Emulator emulator) {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(emulator.region())).endpointOverride(URI.create(emulator.endpoint()))
                .credentialsProvider(asStateMachine(sts, platform)).build();
    }

    private static StaticCredentialsProvider asStateMachine(StsClient sts, DeployedPlatform platform) {
        Credentials machineRole = sts.assumeRole(r -> r.roleArn(platform.stateMachineRoleArn)
                .roleSessionName("state-machine").durationSeconds(3600)).credentials();
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(
                machineRole.accessKeyId(), machineRole.secretAccessKey(), machineRole.sessionToken()));
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    /** Newest first; a resource that fails to close is reported and the others are still closed. */
    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
    }
}
