package dev.analysisplatform.local.lambda;

import dev.analysisplatform.local.deploy.DeployedPlatform;
import dev.analysisplatform.local.deploy.Emulator;
import dev.analysisplatform.local.asl.Invoker;
import dev.analysisplatform.local.asl.FunctionError;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * One deployed function, running as Lambda runs Java: the official runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}) in its own JVM, with the deployed
 * artifact, handler and environment, the execution role's credentials, and a local Runtime API to poll.
 */
public final class LocalFunction implements Invoker, AutoCloseable {

    static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /**
     * Unpacks the runtime client's native library once. Left to itself, every runtime client JVM copies it to the
     * same /tmp/.libaws-lambda-jni.so, and JVMs starting together crash loading a half-written file (seen here).
     */
    public static Path unpackJniLibrary(Path runtimeClientDir, Path into) throws IOException {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        String entry = "jni/libaws-lambda-jni.linux-" + arch + ".so";
        try (var jars = Files.list(runtimeClientDir)) {
            Path jar = jars.filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runtime interface client in " + runtimeClientDir));
            try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                var library = zip.getEntry(entry);
                if (library == null) {
                    throw new IllegalStateException(jar + " has no " + entry);
                }
                Path target = into.resolve("libaws-lambda-jni.so");
                try (var in = zip.getInputStream(library)) {
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                return target;
            }
        }
    }

    final DeployedPlatform.Function function;
    private final RuntimeApi runtimeApi;
    private final Process process;
    final Path log;

    private LocalFunction(DeployedPlatform.Function function, RuntimeApi runtimeApi, Process process, Path log) {
        this.function = function;
        this.runtimeApi = runtimeApi;
        this.process = process;
        this.log = log;
    }

    /** The runtime client loads its native library from here instead of unpacking it to a fixed /tmp path. */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    public static LocalFunction start(DeployedPlatform.Function function, Path runtimeClientDir, Path jniLibrary,
                               Emulator emulator, Credentials executionRole, Path logDir) throws IOException {
        if (!Files.isRegularFile(function.artifact())) {
            throw new IllegalStateException(function.name() + ": deployed artifact " + function.artifact() + " is missing");
        }
        RuntimeApi api = new RuntimeApi(function.arn(), function.timeoutSeconds());
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = runtimeClientDir.resolve("*") + File.pathSeparator + function.artifact();
        Path log = logDir.resolve(function.name() + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-D" + JNI_PROPERTY + "=" + jniLibrary, "-cp", classpath,
                        RUNTIME_CLIENT, function.handler()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(function.environment());
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", function.handler());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", function.logGroup());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        env.put("AWS_LAMBDA_LOG_FORMAT", function.logFormat());
        env.put("AWS_REGION", emulator.region());
        env.put("AWS_DEFAULT_REGION", emulator.region());
        env.put("AWS_ENDPOINT_URL", emulator.endpoint());
        env.put("AWS_ACCESS_KEY_ID", executionRole.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", executionRole.secretAccessKey());
        env.put("AWS_SESSION_TOKEN", executionRole.sessionToken());
        LocalFunction local = new LocalFunction(function, api, builder.start(), log);
        local.awaitReady();
        return local;
    }

    /** Waits until the runtime polls for its first event, or fails with the runtime's log. */
    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!runtimeApi.ready.isDone()) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException(function.name() + ": the runtime exited with " + process.exitValue()
                        + " before asking for an event:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(function.name() + ": the runtime did not start within 60 s:\n" + tail());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The end of the function's log, for error messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Invokes synchronously, like Step Functions' Lambda task: the response, or a {@link FunctionError}. */
    @Override
    public String invoke(String payload) {
        var result = runtimeApi.invoke(payload);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(function.timeoutSeconds() + 30L);
        try {
            while (true) {
                try {
                    return result.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    if (!process.isAlive()) {
                        throw new FunctionError("Runtime.ExitError", function.name() + " exited with "
                                + process.exitValue() + ":\n" + tail());
                    }
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FunctionError error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new FunctionError("States.Timeout", function.name() + " did not answer within "
                    + function.timeoutSeconds() + " s; its log ends:\n" + tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        runtimeApi.close();
    }
}
