package dev.analysisplatform.testing;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The project's moto launcher ({@code tools/moto_server.py}) on 127.0.0.1 and a free port. Fails loudly,
 * never skips, when Python or moto is missing: a green run must mean the integration tests ran. Tests use it
 * through {@link MotoServerExtension}; the local run starts and closes it itself.
 */
public final class MotoServer implements AutoCloseable {

    /** moto's default account: where plainly signed requests act. */
    public static final String ANALYTICS_ACCOUNT = "123456789012";

    private final Map<String, String> environment;
    private Process process;
    private int port;
    private Path log;

    public MotoServer() {
        this(Map.of());
    }

    /** With extra environment for the launcher, e.g. {@code MOTO_RDS_EXPORT_SECONDS}. */
    public MotoServer(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the server on a free port and waits until it answers. */
    public void start() throws IOException, InterruptedException {
        start(freePort());
    }

    /**
     * Starts the server on {@code firstPort} (or, if another process takes that port first, on another free one) and
     * waits until it answers. A free port is only free until someone binds it: test JVMs running side by side can be
     * handed the same one, and the server that loses it exits while the winner answers on it. Readiness therefore
     * means this process said it is serving on this port, not merely that something answers there.
     */
    public void start(int firstPort) throws IOException, InterruptedException {
        Path launcher = launcher();
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalStateException("moto launcher not found at " + launcher);
        }
        port = firstPort;
        for (int attempt = 1; ; attempt++) {
            log = Files.createTempFile("moto-server-", ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of("python3", launcher.toString(), "-H", "127.0.0.1",
                    "-p", String.valueOf(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start python3 for moto_server (install Python 3 and "
                        + "`pip install 'moto[server]==5.2.1' 'pyarrow==25.0.1'`): " + e.getMessage(), e);
            }
            if (waitUntilReady()) {
                return;
            }
            if (attempt == PORT_ATTEMPTS) {
                throw new IllegalStateException("moto_server lost its port to another process " + PORT_ATTEMPTS
                        + " times; last output:\n" + Files.readString(log));
            }
            Files.deleteIfExists(log);
            port = freePort();
        }
    }

    private static final int PORT_ATTEMPTS = 5;

    /** {@code tools/moto_server.py}: from the {@code moto.launcher} property (set by Maven) or found upwards. */
    public static Path launcher() {
        String configured = System.getProperty("moto.launcher");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/moto_server.py"))) {
                return dir.resolve("tools/moto_server.py");
            }
        }
        return Path.of("tools/moto_server.py").toAbsolutePath();
    }

    /** True once this process serves on {@code port}; false if it exited because the port was taken. */
    private boolean waitUntilReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String serving = "Running on http://127.0.0.1:" + port;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                String output = Files.readString(log);
                if (output.contains("Address already in use") || output.contains("is in use by another program")) {
                    return false;
                }
                throw new IllegalStateException("moto_server exited with " + process.exitValue()
                        + " (are moto[server] 5.2.1 and pyarrow installed?). Its output:\n" + output);
            }
            if (Files.readString(log).contains(serving) && answers()) {
                return true;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("moto_server did not answer on " + endpoint() + " within 60 s; output:\n"
                + Files.readString(log));
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            return connection.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (log != null) {
            new File(log.toString()).delete();
        }
        process = null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
