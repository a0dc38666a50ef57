package dev.analysisplatform.local;

import dev.analysisplatform.local.deploy.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local run's last step: the README's example queries through Trino (query-test/), in a JDK 25 child process
 * because Trino 483 needs Java 25 and the product runs on 17. {@code ./run-local} passes the JDK and the classpath
 * ({@code analysisplatform.query.java}, {@code analysisplatform.query.classpath}) when it found a JDK 25;
 * without them the step says in one line what to install.
 *
 * <p>Trino starts when the emulator does ({@link #start}) and takes about ten seconds, most of them while Terraform
 * waits on the provider; the queries run when told ({@link #run}), after the executions registered the tables.
 */
final class ExampleQueryStep implements AutoCloseable {

    static final String JAVA = "analysisplatform.query.java";
    static final String CLASSPATH = "analysisplatform.query.classpath";

    /** Null when there is no JDK 25: the step is skipped. */
    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread reader;
    private final long started = System.nanoTime();

    private ExampleQueryStep(Process process) {
        this.process = process;
        // Drained from the start, so a chatty Trino never blocks on a full pipe before it is told to go.
        this.reader = process == null ? null : new Thread(() -> drain(process.getInputStream()), "trino-output");
        if (reader != null) {
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Starts Trino on the emulator's Glue catalog, its default schema the database the run will register into. */
    static ExampleQueryStep start(Emulator emulator, String glueDatabase) throws IOException {
        String java = System.getProperty(JAVA);
        String classpathFile = System.getProperty(CLASSPATH);
        if (java == null || classpathFile == null || !Files.isExecutable(Path.of(java))) {
            return new ExampleQueryStep(null);
        }
        // Niced: Trino's start only takes the CPU Terraform leaves idle (it mostly waits on the provider's polling).
        return new ExampleQueryStep(new ProcessBuilder(List.of("nice", "-n", "15", java,
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Duser.timezone=UTC", "-Xmx2g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", Files.readString(Path.of(classpathFile)).strip(), "dev.analysisplatform.query.ExampleQueries",
                emulator.endpoint(), emulator.region(), glueDatabase, "--on-go"))
                .redirectErrorStream(true).start());
    }

    /**
     * Runs the queries and prints their results; returns the lines printed for them (none when skipped). Fails with
     * Trino's output when a query fails.
     */
    List<String> run(PrintStream out) throws IOException, InterruptedException {
        if (process == null) {
            out.println("Example queries skipped: they run in Trino, which needs a JDK 25; install one (e.g. Temurin 25 "
                    + "under /usr/lib/jvm) or set JAVA25_HOME, then ./run-local again.");
            return List.of();
        }
        out.println("Example queries (README), through the Glue catalog as Athena engine v3 reads it:");
        long told = System.nanoTime();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Trino already exited (it failed to start): its output below says why.
        }
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String text = output.toString(StandardCharsets.UTF_8);
        if (!exited || process.exitValue() != 0) {
            process.destroyForcibly();
            out.println(text);
            throw new IllegalStateException("the example queries failed (exit "
                    + (exited ? process.exitValue() : "timeout") + "); Trino's output is above");
        }
        // Trino logs at INFO while it starts; keep the run's output to the queries' own lines.
        List<String> results = text.lines().filter(line -> line.startsWith("  ")).map(String::stripTrailing).toList();
        results.forEach(out::println);
        out.printf("  queries took %.1f s after the run (Trino started %.1f s earlier, beside the deployment)%n%n",
                (System.nanoTime() - told) / 1e9, (told - started) / 1e9);
        return results;
    }

    private void drain(InputStream stream) {
        try (stream) {
            stream.transferTo(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops Trino when the queries did not run (nothing registered, or the run failed earlier). */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
