package dev.analysisplatform.local;

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
final class LocalFunction implements Invoker, AutoCloseable {

    static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

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

    static LocalFunction start(DeployedPlatform.Function function, Path runtimeClientDir, Emulator emulator,
                               Credentials executionRole, Path logDir) throws IOException {
        if (!Files.isRegularFile(function.artifact())) {
            throw new IllegalStateException(function.name() + ": deployed artifact " + function.artifact() + " is missing");
        }
        RuntimeApi api = new RuntimeApi(function.arn(), function.timeoutSeconds());
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = runtimeClientDir.resolve("*") + File.pathSeparator + function.artifact();
        Path log = logDir.resolve(function.name() + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", classpath, RUNTIME_CLIENT, function.handler()))
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

    /**
     * Waits until the runtime polls for its first event. Starting the next function only then also keeps the
     * runtime clients from unpacking their native library at the same moment.
     */
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
