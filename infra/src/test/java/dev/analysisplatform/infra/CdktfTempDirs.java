package dev.analysisplatform.infra;

import dev.analysisplatform.cdktf.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Cleans up after CDKTF's Testing API. */
public final class CdktfTempDirs {

    private CdktfTempDirs() {
    }

    /**
     * CDKTF's Testing API leaves {@code cdktf.outdir.*} in the temporary directory. The build gives every module's
     * tests a temporary directory of their own ({@code target/tmp}, parent pom), so everything there is this
     * module's. Elsewhere (a test started from an IDE, in the shared /tmp) nothing is deleted: a directory there may
     * be another JVM's synth output that its {@code terraform init} is still reading.
     */
    public static void deleteCreatedByThisJvm() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        if (!isModulePrivate(tmp)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(p -> p.getFileName().toString().startsWith("cdktf.outdir.")).forEach(Directories::deleteTree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module's own temporary directory: {@code <module>/target/tmp}, the tests' working directory's. */
    static boolean isModulePrivate(Path tmp) {
        Path own = Path.of(System.getProperty("user.dir"), "target", "tmp").toAbsolutePath().normalize();
        return tmp.equals(own);
    }
}
