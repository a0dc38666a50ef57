package dev.analysisplatform.export.runtime;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

/**
 * An HTTP client that never leaves the process: it answers each request with the canned body registered for its
 * action (the {@code Action=} of query protocols, the {@code X-Amz-Target} of JSON ones, or a query parameter
 * such as S3's {@code list-type}), for SnapStart priming.
 */
public final class CannedHttpClient implements SdkHttpClient {

    /** Throwaway credentials for priming clients, so nothing real is resolved, signed with or cached. */
    private static final StaticCredentialsProvider PRIMING_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));

    private final Map<String, String> bodies;

    /** {@code bodies}: action name (e.g. {@code DescribeExportTasks}) → response body. */
    public CannedHttpClient(Map<String, String> bodies) {
        this.bodies = bodies;
    }

    /** A client of {@code builder}'s service that talks only to this one, with throwaway credentials. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.region(Region.US_EAST_1).credentialsProvider(PRIMING_CREDENTIALS).httpClient(this).build();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        String form = requestBody(request);
        String body = bodies.entrySet().stream()
                .filter(e -> target.endsWith("." + e.getKey())
                        || request.httpRequest().rawQueryParameters().containsKey(e.getKey())
                        || form.contains("Action=" + e.getKey() + "&"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("");
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", body.startsWith("{") ? "application/x-amz-json-1.1" : "text/xml")
                                .build())
                        .responseBody(AbortableInputStream.create(
                                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private static String requestBody(HttpExecuteRequest request) {
        try (var in = request.contentStreamProvider().map(p -> p.newStream()).orElse(null)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Override
    public String clientName() {
        return "canned";
    }

    @Override
    public void close() {
    }
}
