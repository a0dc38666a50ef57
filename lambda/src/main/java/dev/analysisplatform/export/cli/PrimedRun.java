package dev.analysisplatform.export.cli;

import dev.analysisplatform.export.ExporterPriming;

/**
 * What a SnapStart-restored function does on its first invocation, measured in one JVM: run the SnapStart priming
 * (as {@code beforeCheckpoint} does before the snapshot), then the CLI's export with the same flags, timing only the
 * export. {@code java -cp snapshot-exporter.jar dev.analysisplatform.export.cli.PrimedRun <export flags>}; used by
 * bench/exporter_benchmark.py. Prints {@code primed-export-ms <n>} on stderr.
 */
public final class PrimedRun {

    private PrimedRun() {
    }

    public static void main(String[] args) {
        long primingStart = System.nanoTime();
        ExporterPriming.prime();
        long exportStart = System.nanoTime();
        int status = new ExportCommand(System.out, System.err).run(args, System.getenv());
        long done = System.nanoTime();
        System.err.printf("priming-ms %d%nprimed-export-ms %d%n", (exportStart - primingStart) / 1_000_000,
                (done - exportStart) / 1_000_000);
        if (status != 0) {
            System.exit(status);
        }
    }
}
