package dev.analysisplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analysisplatform.cdktf.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * With mvn -T2 two modules' tests run at once; the cleanup once deleted every recent /tmp/cdktf.outdir.*, including
 * the other module's synth directory while its terraform init read it (toBeValidTerraform then failed at random).
 */
class CdktfTempDirsTest {

    @Test
    void testsRunInTheModulesOwnTemporaryDirectory() {
        Path own = Path.of(System.getProperty("user.dir"), "target", "tmp").toAbsolutePath().normalize();
        assertThat(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize()).isEqualTo(own);
        // CDKTF's Testing API creates its directories from Node's os.tmpdir(), which reads TMPDIR.
        assertThat(System.getenv("TMPDIR")).isNotNull();
        assertThat(Path.of(System.getenv("TMPDIR")).toAbsolutePath().normalize()).isEqualTo(own);
    }

    @Test
    void cleanupLeavesAnotherJvmsSynthDirectoryAlone() throws Exception {
        Path shared = Path.of("/tmp");
        Path others = Files.createTempDirectory(shared, "cdktf.outdir.");
        Path ours = Files.createTempDirectory("cdktf.outdir.");
        try {
            CdktfTempDirs.deleteCreatedByThisJvm();

            assertThat(others).as("another JVM's synth directory, made while this JVM ran").exists();
            assertThat(ours).doesNotExist();
        } finally {
            Directories.deleteTree(others);
            Directories.deleteTree(ours);
        }
    }
}
