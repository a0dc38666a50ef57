package dev.analysisplatform.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analysisplatform.export.errors.AwsUnavailableException;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import dev.analysisplatform.export.runtime.AwsErrors;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class SourceErrorsTest {

    private static final SourceAccess ROLE = new SourceAccess("arn:aws:iam::222222222222:role/reader", null);

    /**
     * Before: no credentials is a client-side failure with no service answer, which counted as an outage
     * (AwsUnavailableException) and was retried five times in Lambda, and reported as "export failed" by the CLI.
     */
    @Test
    void noCredentials_isConfiguration_notAnOutage() {
        SdkClientException error = SdkClientException.create("Unable to load credentials from any of the providers in "
                + "the chain AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), "
                + "EnvironmentVariableCredentialsProvider()]) : [SystemPropertyCredentialsProvider(): Unable to load "
                + "credentials from system settings.]");

        assertThat(AwsErrors.isTransient(error)).isFalse();
        assertThat(SourceErrors.translate(error, ROLE, null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("No AWS credentials were found: set AWS_PROFILE").hasCause(error);
    }

    @Test
    void noRegion_isConfiguration() {
        SdkClientException error = SdkClientException.create("Unable to load region from any of the providers in the "
                + "chain software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain@1: []");

        assertThat(SourceErrors.translate(error, ROLE, null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("set AWS_REGION");
    }

    @Test
    void noAnswerAtAll_staysTransient() {
        SdkClientException error = SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused"));

        assertThat(SourceErrors.translate(error, ROLE, null)).isInstanceOf(AwsUnavailableException.class);
    }
}
