package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.SdkDefaults;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * One STS client and one RDS client per source role and region, created once per container and reused across
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
    private final Region region;
    private final StsClient sts;
    private final Map<SourceAccess, RdsClient> clients = new ConcurrentHashMap<>();

    private AssumeRoleSourceClients(SdkHttpClient http, ClientOverrideConfiguration overrides, Region region,
                                    StsClient sts) {
        this.http = http;
        this.overrides = overrides;
        this.region = region;
        this.sts = sts;
    }

    /** With the region of the SDK's default chain (in Lambda, the function's). */
    public static AssumeRoleSourceClients create() {
        return create(null);
    }

    /** With {@code region}, or the SDK's default chain when null (the CLI passes the one the user gave). */
    public static AssumeRoleSourceClients create(Region region) {
        SdkHttpClient http = SdkDefaults.httpClient();
        ClientOverrideConfiguration overrides = SdkDefaults.overrides();
        var sts = StsClient.builder().httpClient(http).overrideConfiguration(overrides);
        if (region != null) {
            sts.region(region);
        }
        return new AssumeRoleSourceClients(http, overrides, region, sts.build());
    }

    @Override
    public RdsClient rds(SourceAccess access) {
        return clients.computeIfAbsent(access, this::build);
    }

    private RdsClient build(SourceAccess access) {
        var builder = RdsClient.builder().httpClient(http).overrideConfiguration(overrides);
        // The database's region when the source names one (RDS is regional); the assumed role's credentials are not.
        if (access.region() != null) {
            builder.region(Region.of(access.region()));
        } else if (region != null) {
            builder.region(region);
        }
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
