package dev.analysisplatform.local.lambda;

import dev.analysisplatform.local.asl.FunctionError;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local AWS Lambda Runtime API (the four calls a runtime makes, as documented for custom runtimes) for one
 * function. The official runtime interface client polls it for events and posts results or errors back.
 */
public final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** One queued invocation and where its outcome goes. */
    private record Invocation(String requestId, String payload, CompletableFuture<String> result) {
    }

    private final HttpServer server;
    private final String functionArn;
    private final int timeoutSeconds;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    /** Completes when the runtime first asks for an event: it has started and initialised the handler. */
    final CompletableFuture<Void> ready = new CompletableFuture<>();

    RuntimeApi(String functionArn, int timeoutSeconds) throws IOException {
        this.functionArn = functionArn;
        this.timeoutSeconds = timeoutSeconds;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "runtime-api");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API for the runtime. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event; the future completes with the response body or fails with a {@link FunctionError}. */
    CompletableFuture<String> invoke(String payload) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), payload, new CompletableFuture<>());
        if (initError.isDone()) {
            invocation.result().completeExceptionally(new FunctionError("Runtime.InitError", initError.join()));
        } else {
            queue.add(invocation);
        }
        return invocation.result();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (path.equals("invocation/next")) {
                next(exchange);
            } else if (path.equals("init/error")) {
                initError.complete(body);
                ready.complete(null);
                // Fail what waits already: a function that cannot initialise answers nothing.
                Invocation waiting;
                while ((waiting = queue.poll()) != null) {
                    waiting.result().completeExceptionally(new FunctionError("Runtime.InitError", body));
                }
                respond(exchange, 202, "{}");
            } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
                complete(path, exchange).result().complete(body);
                respond(exchange, 202, "{}");
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                complete(path, exchange).result().completeExceptionally(FunctionError.fromPayload(type, body));
                respond(exchange, 202, "{}");
            } else {
                respond(exchange, 404, "{\"errorMessage\":\"unknown path\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 500, "{}");
        }
    }

    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        ready.complete(null);
        Invocation invocation = queue.take();
        inFlight.put(invocation.requestId(), invocation);
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                String.valueOf(System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(timeoutSeconds)));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
        respond(exchange, 200, invocation.payload());
    }

    private Invocation complete(String path, HttpExchange exchange) {
        String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
        Invocation invocation = inFlight.remove(requestId);
        if (invocation == null) {
            throw new IllegalStateException("unknown request id " + requestId);
        }
        return invocation;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
