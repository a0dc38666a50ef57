package dev.analysisplatform.export.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The emulator's RDS export simulation is test input for every registration and query test, so its own checks run
 * with the build: tools/test_rds_export_simulation.py (layout with part-index gaps, several metadata files, empty
 * and partitioned tables, real Parquet read back with pyarrow, the CLI and StartExportTask against a real moto).
 */
class ExportSimulationIntegrationTest {

    @Test
    void theSimulationsOwnTestsPass() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("tools/test_rds_export_simulation.py"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("tools/test_rds_export_simulation.py above the working directory").isNotNull();
        Process process = new ProcessBuilder("python3", "tools/test_rds_export_simulation.py").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("OK");
    }
}
