package dev.analysisplatform.local;

import dev.analysisplatform.local.deploy.Emulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local run's last step: the README's example queries through Trino (query-test/), in a JDK 25 child process
 * because Trino 483 needs Java 25 and the product runs on 17. {@code ./run-local} passes the JDK and the classpath
 * ({@code analysisplatform.query.java}, {@code analysisplatform.query.classpath}) when it found a JDK 25;
 * without them the step says in one line what to install.
 */
final class ExampleQueryStep {

    static final String JAVA = "analysisplatform.query.java";
    static final String CLASSPATH = "analysisplatform.query.classpath";

    private ExampleQueryStep() {
    }

    /** Runs the queries and prints their results; fails with Trino's output when a query fails. */
    static void run(PrintStream out, Emulator emulator, String glueDatabase) throws IOException, InterruptedException {
        String java = System.getProperty(JAVA);
        String classpathFile = System.getProperty(CLASSPATH);
        if (java == null || classpathFile == null || !Files.isExecutable(Path.of(java))) {
            out.println("Example queries skipped: they run in Trino, which needs a JDK 25; install one (e.g. Temurin 25 "
                    + "under /usr/lib/jvm) or set JAVA25_HOME, then ./run-local again.");
            return;
        }
        out.println("Example queries (README), through the Glue catalog as Athena engine v3 reads it:");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Duser.timezone=UTC", "-Xmx2g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", Files.readString(Path.of(classpathFile)).strip(), "dev.analysisplatform.query.ExampleQueries",
                emulator.endpoint(), emulator.region(), glueDatabase))
                .redirectErrorStream(true).start();
        String output;
        try (InputStream stream = process.getInputStream()) {
            output = new String(stream.readAllBytes());
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            out.println(output);
            throw new IllegalStateException("the example queries failed (exit "
                    + (process.isAlive() ? "timeout" : process.exitValue()) + "); Trino's output is above");
        }
        // Trino logs at INFO while it starts; keep the run's output to the queries' own lines.
        output.lines().filter(line -> line.startsWith("  ")).map(String::stripTrailing).forEach(out::println);
        out.printf("  queries took %.1f s, Trino start included%n%n", (System.nanoTime() - started) / 1e9);
    }
}
