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
    void run_missingBucket_isConfigurationErrorNamingVariable() {
        assertThat(command.run(new String[] {"--db-cluster-identifier", "orders"}, Map.of("AWS_REGION", "eu-west-1")))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("InvalidConfigurationException").contains("EXPORT_BUCKET");
    }
}
