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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the project's moto launcher ({@code tools/moto_server.py}) on 127.0.0.1 and a free port before a
 * test class, and stops it after. Fails loudly, never skips, when Python or moto is missing: a green run
 * must mean the integration tests ran.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback {

    /** moto's default account: where plainly signed requests act. */
    public static final String ANALYTICS_ACCOUNT = "123456789012";

    private Process process;
    private int port;
    private Path log;

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path launcher = launcher();
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalStateException("moto launcher not found at " + launcher);
        }
        port = freePort();
        log = Files.createTempFile("moto-server-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of("python3", launcher.toString(), "-H", "127.0.0.1",
                "-p", String.valueOf(port)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start python3 for moto_server (install Python 3 and "
                    + "`pip install 'moto[server]==5.2.1'`): " + e.getMessage(), e);
        }
        waitUntilReady();
    }

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

    private void waitUntilReady() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue()
                        + " (is moto[server] 5.2.1 installed?). Its output:\n" + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("moto_server did not answer on " + endpoint() + " within 60 s; output:\n"
                + Files.readString(log));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
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
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
