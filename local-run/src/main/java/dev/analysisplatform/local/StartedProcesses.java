package dev.analysisplatform.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every process this run started, however deep: moto, the function runtimes, Trino, terraform and the provider
 * plugins terraform starts in turn. Each resource stops its own process gracefully; this catches what they leave,
 * e.g. a provider plugin whose terraform was stopped by Ctrl-C. Snapshot first: once a parent is gone its children
 * are re-parented and no longer found among this JVM's descendants.
 */
final class StartedProcesses {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private StartedProcesses() {
    }

    static List<ProcessHandle> snapshot() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }

    /** "terraform (pid 12), terraform-provider-aws_v5.100.0_x5 (pid 13)": call while they run. */
    static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(StartedProcesses::describe).collect(Collectors.joining(", "));
    }

    /** Stops whatever of {@code started} still runs: SIGTERM, then SIGKILL after 5 s. */
    static void stop(List<ProcessHandle> started) {
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(GRACE);
        for (ProcessHandle process : started) {
            while (process.isAlive() && Instant.now().isBefore(deadline)) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static String describe(ProcessHandle process) {
        String command = process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("process");
        return command + " (pid " + process.pid() + ")";
    }
}
