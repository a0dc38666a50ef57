package dev.analysisplatform.export.runtime;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** The one HTTP client and the client settings every SDK client of a container shares. */
public final class SdkDefaults {

    private SdkDefaults() {
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /**
     * One call, all its SDK retries included. Below every function's Lambda timeout (a test in infra/ holds them
     * together), so a hanging call ends as this function's own named error, which the state machine retries,
     * instead of as a Lambda timeout with no cause.
     */
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(25);
    static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    /** Standard retry mode (throttling and 5xx, with backoff) and bounded call times. */
    public static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .apiCallTimeout(API_CALL_TIMEOUT)
                .build();
    }
}
