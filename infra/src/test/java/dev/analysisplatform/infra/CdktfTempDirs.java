package dev.analysisplatform.infra;

import dev.analysisplatform.cdktf.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/** Cleans up after CDKTF's Testing API. */
public final class CdktfTempDirs {

    private CdktfTempDirs() {
    }

    /** CDKTF's Testing API leaves /tmp/cdktf.outdir.* behind; remove the ones this JVM made. */
    public static void deleteCreatedByThisJvm() {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(p -> p.getFileName().toString().startsWith("cdktf.outdir."))
                    .filter(p -> modifiedAfter(p, started))
                    .forEach(Directories::deleteTree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean modifiedAfter(Path path, Instant instant) {
        try {
            return Files.getLastModifiedTime(path).toInstant().isAfter(instant);
        } catch (IOException e) {
            return false;
        }
    }
}
