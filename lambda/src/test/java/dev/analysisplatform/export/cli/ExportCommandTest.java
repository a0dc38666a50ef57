package dev.analysisplatform.export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ExportCommand command = new ExportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void run_help_printsUsageAndSucceeds() {
        assertThat(command.run(new String[] {"--help"}, Map.of())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--db-cluster-identifier").contains("--dry-run")
                .contains("EXPORT_BUCKET");
    }

    @Test
    void run_unknownFlag_isUsageError() {
        assertThat(command.run(new String[] {"--frobnicate", "x"}, Map.of())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--frobnicate");
    }

    @Test
    void run_missingBucket_isConfigurationErrorNamingFlagAndVariable() {
        assertThat(command.run(new String[] {"--db-cluster-identifier", "orders"}, Map.of("AWS_REGION", "eu-west-1")))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("InvalidConfigurationException")
                .contains("--bucket (EXPORT_BUCKET)");
    }

    /** Before: the message named EXPORT_KMS_KEY_ARN, a variable the user never set. */
    @Test
    void run_badKmsKeyFlag_messageNamesTheFlagTyped() {
        assertThat(command.run(new String[] {"--bucket", "example-exports", "--kms-key-arn", "alias/exports"},
                Map.of("AWS_REGION", "eu-west-1"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--kms-key-arn (EXPORT_KMS_KEY_ARN)");
    }

    @Test
    void inFlagTerms_inputFieldsBecomeFlags() {
        assertThat(ExportCommand.inFlagTerms("Input field 'dbClusterIdentifier' must be an identifier."))
                .isEqualTo("Input field --db-cluster-identifier must be an identifier.");
        assertThat(ExportCommand.inFlagTerms("Input field 'exportOnly[0]' …")).contains("'exportOnly[0]'");
    }

    /**
     * Before: without AWS_REGION the SDK's chain ran into the instance metadata service (8.5 s of timeouts on a laptop)
     * and ended with exit 1. The KMS key is required and must be in the export's region, so it decides.
     */
    @Test
    void region_fromFlagThenEnvironmentThenKmsKey() {
        String key = "arn:aws:kms:eu-central-1:111111111111:key/0000aaaa-0000-4000-8000-000000000000";
        Map<String, String> noRegion = Map.of("AWS_PROFILE", "analysis-platform-no-such-profile");

        assertThat(CliRegion.resolve("us-west-2", Map.of("AWS_REGION", "eu-west-1"), key)).isEqualTo("us-west-2");
        assertThat(CliRegion.resolve(null, Map.of("AWS_REGION", "eu-west-1"), key)).isEqualTo("eu-west-1");
        assertThat(CliRegion.resolve(null, Map.of("AWS_DEFAULT_REGION", "ap-south-1"), key)).isEqualTo("ap-south-1");
        assertThat(CliRegion.resolve(null, noRegion, key)).isEqualTo("eu-central-1");
        assertThat(CliRegion.resolve(null, noRegion, "alias/x")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CliRegion.resolve("Europe", noRegion, key))
                .hasMessageContaining("--region must be an AWS region");
    }
}
