package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.SdkDefaults;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * One STS client and one RDS client per source role, created once per container and reused across
 * invocations. The cross-account hop is the SDK's own {@link StsAssumeRoleCredentialsProvider}: it fetches
 * credentials on first use (never during init) and refreshes them by itself.
 *
 * <p>Region and endpoint come from the SDK's default chains ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL}),
 * which is also how tests point it at an emulator.
 */
public final class AssumeRoleSourceClients implements SourceClients, AutoCloseable {

    static final String SESSION_NAME = "analysis-platform-exporter";

    private final SdkHttpClient http;
    private final ClientOverrideConfiguration overrides;
    private final StsClient sts;
    private final Map<SourceAccess, RdsClient> clients = new ConcurrentHashMap<>();

    private AssumeRoleSourceClients(SdkHttpClient http, ClientOverrideConfiguration overrides, StsClient sts) {
        this.http = http;
        this.overrides = overrides;
        this.sts = sts;
    }

    public static AssumeRoleSourceClients create() {
        SdkHttpClient http = SdkDefaults.httpClient();
        ClientOverrideConfiguration overrides = SdkDefaults.overrides();
        StsClient sts = StsClient.builder().httpClient(http).overrideConfiguration(overrides).build();
        return new AssumeRoleSourceClients(http, overrides, sts);
    }

    @Override
    public RdsClient rds(SourceAccess access) {
        return clients.computeIfAbsent(access, this::build);
    }

    private RdsClient build(SourceAccess access) {
        var builder = RdsClient.builder().httpClient(http).overrideConfiguration(overrides);
        if (access.assumesRole()) {
            builder.credentialsProvider(StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts)
                    .refreshRequest(r -> r.roleArn(access.roleArn())
                            .externalId(access.externalId())
                            .roleSessionName(SESSION_NAME))
                    .build());
        }
        return builder.build();
    }

    @Override
    public void close() {
        clients.values().forEach(RdsClient::close);
        sts.close();
        http.close();
    }
}
