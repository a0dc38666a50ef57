package dev.analysisplatform.local;

import dev.analysisplatform.testing.MemoryRunStore;
import dev.analysisplatform.local.asl.ExecutionFailed;
import dev.analysisplatform.local.asl.PayloadLimit;
import dev.analysisplatform.local.asl.StateMachineRunner;
import dev.analysisplatform.local.asl.Invoker;
import dev.analysisplatform.local.asl.FunctionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.infra.ExportWorkflow;
import dev.analysisplatform.local.ExportScenarios.Counter;
import dev.analysisplatform.local.ExportScenarios.Scenario;
import dev.analysisplatform.testing.MotoServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.s3.S3Client;
import dev.analysisplatform.contract.RunStore;
import dev.analysisplatform.export.run.RunSummary;
import dev.analysisplatform.export.run.S3RunStore;
import dev.analysisplatform.local.lambda.S3Tasks;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The synthesized state machine definition on every path, in two engines: the project's own interpreter (used by
 * ./run-local) and moto's Step Functions engine, a port of LocalStack's that nobody here wrote. Both call the same
 * stand-in functions; each path must end the same way in both: execution status and error, every source's
 * outcome, how many failure notifications were published, and how often each function was called.
 *
 * <p>Waits and retry intervals are shortened to 1 s, and retries to at most 2 attempts, in the definition both
 * engines run (moto's engine really waits); nothing else is changed.
 */
class TwoEnginesIntegrationTest {

    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = MotoServer.ANALYTICS_ACCOUNT;
    private static final String FUNCTION = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:analysis-platform-local-";
    private static final ExportWorkflow.Resources RESOURCES = new ExportWorkflow.Resources(FUNCTION + "plan",
            FUNCTION + "export-start", FUNCTION + "export-status", FUNCTION + "catalog-register", FUNCTION + "run-summary",
            "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":analysis-platform-local-failures");
    private static final Map<String, String> FUNCTIONS = ExportScenarios.resourceNames(RESOURCES);

    /** How one execution ended, in terms both engines report. */
    record Outcome(String status, String error, Map<String, String> sources, int notifications,
                   Map<String, Integer> invocations, int parentEvents, String cause) {
        /** Equal when the engines agree; the cause text is each engine's own wording. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Outcome o && java.util.Objects.equals(status, o.status)
                    && java.util.Objects.equals(error, o.error) && sources.equals(o.sources)
                    && notifications == o.notifications && invocations.equals(o.invocations)
                    && parentEvents == o.parentEvents;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(status, error, sources);
        }
    }

    private static HttpServer dispatcher;
    private static volatile Map<String, Invoker> current = Map.of();
    private static MotoServer moto;
    private static SfnClient sfn;
    private static SqsClient sqs;
    private static S3Client s3;
    private static RunStore motoStore;
    private static String queueUrl;
    private static final AtomicInteger executions = new AtomicInteger();
    private static final EnvironmentDefinition ENVIRONMENT = new EnvironmentLoader(Path.of("..", "environments")).load("local");

    @BeforeAll
    static void startEngines() throws Exception {
        dispatcher = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dispatcher.createContext("/", exchange -> {
            String function = URLDecoder.decode(exchange.getRequestURI().getRawPath().substring(1), StandardCharsets.UTF_8);
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] body;
            try {
                body = current.get(FUNCTIONS.get(function)).invoke(payload).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
            } catch (FunctionError error) {
                body = error.cause.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("X-Function-Error", "Unhandled");
                exchange.sendResponseHeaders(200, body.length);
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        dispatcher.start();
        moto = new MotoServer(Map.of("MOTO_LAMBDA_DISPATCH_URL", "http://127.0.0.1:" + dispatcher.getAddress().getPort()));
        moto.start();
        post(moto.endpoint() + "/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": true}}");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        URI endpoint = URI.create(moto.endpoint());
        sfn = SfnClient.builder().endpointOverride(endpoint).region(Region.of(REGION)).credentialsProvider(credentials).build();
        sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.of(REGION)).credentialsProvider(credentials).build();
        s3 = S3Client.builder().endpointOverride(endpoint).region(Region.of(REGION)).credentialsProvider(credentials)
                .forcePathStyle(true).build();
        s3.createBucket(b -> b.bucket(ENVIRONMENT.exportBucketName()));
        motoStore = ExportScenarios.configured(new S3RunStore(s3), ENVIRONMENT);
        try (SnsClient sns = SnsClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(credentials).build()) {
            String topic = sns.createTopic(b -> b.name("analysis-platform-local-failures")).topicArn();
            queueUrl = sqs.createQueue(b -> b.queueName("failures")).queueUrl();
            String queueArn = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":failures";
            sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));
        }
    }

    @AfterAll
    static void stopEngines() throws Exception {
        if (sfn != null) {
            sfn.close();
            sqs.close();
            s3.close();
        }
        if (moto != null) {
            moto.close();
        }
        if (dispatcher != null) {
            dispatcher.stop(0);
        }
    }

    static List<Scenario> scenarios() {
        return ExportScenarios.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyPath_endsTheSameInBothEngines(Scenario scenario) throws Exception {
        JsonNode definition = shortened(definition(scenario));

        Outcome ours = runOwn(scenario, definition);
        Outcome theirs = runMoto(scenario, definition);

        if (scenario.name().equals("result over 256 KiB")) {
            // Both engines detect the limit; they differ on what follows, and AWS documents which is right: "The
            // States.ALL error type ... can't catch the States.DataLimitExceeded terminal error" (Step Functions
            // developer guide, "Error names"). moto's engine lets the Catch handle it; ours, like AWS, fails the
            // source's child execution, which fails the map run; the run catches that, and the summary reports the
            // source that wrote no outcome. Either way the run fails naming the source, and no state may come near
            // the limit, which PayloadBudgetTest enforces.
            assertThat(theirs.sources()).containsEntry("shop_orders",
                    "FAILED/start or status/" + PayloadLimit.DATA_LIMIT_EXCEEDED);
            assertThat(ours.error()).isEqualTo(ExportWorkflow.FAILED_ERROR);
            assertThat(ours.sources()).containsEntry("shop_orders", "FAILED/record/" + RunSummary.OUTCOME_MISSING);
            return;
        }
        assertThat(theirs).as("moto's Step Functions engine vs the local interpreter").isEqualTo(ours);
        assertThat(ours.status()).isIn("SUCCEEDED", "FAILED");
        if (ours.status().equals("FAILED")) {
            assertThat(ours.error()).isNotBlank();
        }
        expectations(scenario.name(), ours);
        expectations(scenario.name(), theirs);
    }

    /** What each path must do, besides agreeing: the behaviour AWS would show. */
    private static void expectations(String scenario, Outcome outcome) {
        switch (scenario) {
            case "happy path", "response lost after start" -> assertThat(outcome.sources())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("shop_orders", "EXPORTED", "shop_billing", "EXPORTED"));
            case "quota retry" -> assertThat(outcome.invocations()).containsEntry(ExportScenarios.START, 4);
            case "stale tables" -> {
                assertThat(outcome.status()).isEqualTo("SUCCEEDED");
                assertThat(outcome.sources()).containsExactlyInAnyOrderEntriesOf(
                        Map.of("shop_orders", "EXPORTED", "shop_billing", "EXPORTED"));
                assertThat(outcome.notifications()).as("one message for the run").isEqualTo(1);
            }
            case "canceled without cause", "failed with cause" -> {
                assertThat(outcome.error()).isEqualTo(ExportWorkflow.FAILED_ERROR);
                assertThat(outcome.sources()).containsEntry("shop_orders", "FAILED/export/ExportTaskFailed")
                        .containsEntry("shop_billing", "EXPORTED");
                assertThat(outcome.notifications()).isEqualTo(1);
                // The cause names the failed source only, in one line (AWS keeps 32,768 characters of a cause).
                assertThat(outcome.cause()).startsWith("1 of 2 sources failed: [\"shop_orders: ExportTaskFailed in export\"] "
                        + "(at most 25 named). Every source outcome is in the run report s3://")
                        .doesNotContain("shop_billing");
            }
            case "no snapshot" -> assertThat(outcome.sources()).containsEntry("shop_billing",
                            "FAILED/start or status/" + ExportScenarios.ERRORS + "NoSnapshotFoundException")
                    .containsEntry("shop_orders", "EXPORTED");
            case "registration failure" -> assertThat(outcome.sources()).containsEntry("shop_orders",
                    "FAILED/register/" + ExportScenarios.ERRORS + "CatalogRegistrationException");
            case "notification failure" -> {
                assertThat(outcome.error()).isEqualTo(ExportWorkflow.FAILED_ERROR);
                assertThat(outcome.notifications()).isZero();
            }
            case "dry run" -> {
                assertThat(outcome.sources()).hasSize(2).containsOnlyKeys("shop_orders", "shop_billing")
                        .allSatisfy((source, result) -> assertThat(result).isEqualTo("DRY_RUN"));
                assertThat(outcome.invocations()).doesNotContainKeys(ExportScenarios.STATUS, ExportScenarios.REGISTER);
            }
            case "already exported" -> assertThat(outcome.invocations()).doesNotContainKey(ExportScenarios.STATUS);
            case "past the deadline" -> {
                assertThat(outcome.sources()).containsEntry("shop_orders",
                        "FAILED/export/" + ExportWorkflow.DEADLINE_PASSED_ERROR).containsEntry("shop_billing", "EXPORTED");
                assertThat(outcome.notifications()).isEqualTo(1);
            }
            case "stale snapshot" -> {
                assertThat(outcome.sources()).containsEntry("shop_orders",
                        "FAILED/start or status/" + ExportScenarios.ERRORS + "SnapshotTooOldException");
                assertThat(outcome.invocations()).as("waited: 1 call + 2 retries, and 1 for the fresh source")
                        .containsEntry(ExportScenarios.START, 4);
            }
            default -> throw new AssertionError("no expectations for " + scenario);
        }
    }

    private static JsonNode definition(Scenario scenario) {
        ExportWorkflow.Resources resources = scenario.topicMissing()
                ? new ExportWorkflow.Resources(RESOURCES.planArn(), RESOURCES.startArn(), RESOURCES.statusArn(),
                        RESOURCES.registerArn(), RESOURCES.summarizeArn(), RESOURCES.failureTopicArn() + "-missing")
                : RESOURCES;
        return ExportScenarios.parse(new ExportWorkflow(ENVIRONMENT, resources).toJson());
    }

    /** Waits of 1 s, retry intervals of 1 s without backoff, at most 2 retries: the same definition for both engines. */
    static JsonNode shortened(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.path("Type").asText().equals("Wait")) {
                object.put("Seconds", 1);
            }
            if (object.has("ErrorEquals") && object.has("MaxAttempts")) {
                object.put("IntervalSeconds", 1);
                object.put("BackoffRate", 1.0);
                // Waiting 6 hours for a fresh snapshot is 24 attempts; two show the same behaviour in seconds.
                object.put("MaxAttempts", Math.min(2, object.path("MaxAttempts").asInt()));
            }
        }
        node.forEach(TwoEnginesIntegrationTest::shortened);
        return node;
    }

    private static Outcome runOwn(Scenario scenario, JsonNode definition) {
        Counter counter = new Counter(ExportScenarios.configured(new MemoryRunStore(), ENVIRONMENT));
        Map<String, Invoker> functions = scenario.functions().apply(counter);
        AtomicInteger published = new AtomicInteger();
        Map<String, Invoker> byArn = new HashMap<>();
        FUNCTIONS.forEach((arn, name) -> byArn.put(arn, functions.get(name)));
        byArn.put(ExportWorkflow.SNS_PUBLISH, payload -> {
            if (scenario.topicMissing()) {
                throw ExportScenarios.error("SNS.NotFoundException", "Topic does not exist");
            }
            published.incrementAndGet();
            return "{\"MessageId\":\"1\"}";
        });
        byArn.putAll(S3Tasks.invokers("aws", counter.store));
        StateMachineRunner runner = new StateMachineRunner(byArn::get, Duration.ZERO);
        try {
            runner.run(definition, ExportScenarios.parse(scenario.input()));
            return new Outcome("SUCCEEDED", null, sources(counter, runner.history.executions().get(0).name),
                    published.get(), counter.snapshot(), runner.history.executions().get(0).events(), null);
        } catch (ExecutionFailed failed) {
            return new Outcome("FAILED", failed.error, sources(counter, runner.history.executions().get(0).name),
                    published.get(), counter.snapshot(), runner.history.executions().get(0).events(), failed.cause);
        }
    }

    private static Outcome runMoto(Scenario scenario, JsonNode definition) throws Exception {
        Counter counter = new Counter(motoStore);
        current = scenario.functions().apply(counter);
        drainQueue();
        String name = "export-" + executions.incrementAndGet();
        String machine = sfn.createStateMachine(b -> b.name(name).definition(definition.toString())
                .roleArn("arn:aws:iam::" + ACCOUNT + ":role/analysis-platform-local-state-machine")).stateMachineArn();
        // Named: moto 5.2.1 leaves an unnamed execution's name null (its ARN ends ":None"), where AWS generates a UUID,
        // and the run keeps its records under its name.
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine).name(name + "-run")
                .input(scenario.input())).executionArn();
        DescribeExecutionResponse described = sfn.describeExecution(b -> b.executionArn(execution));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (described.status() == ExecutionStatus.RUNNING && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            described = sfn.describeExecution(b -> b.executionArn(execution));
        }
        assertThat(described.status()).as("moto's execution of %s finished", scenario).isNotEqualTo(ExecutionStatus.RUNNING);
        int notifications = drainQueue();
        // The parent's own history: with Distributed Maps, no source's polling loop is in it.
        List<software.amazon.awssdk.services.sfn.model.HistoryEvent> history = sfn.getExecutionHistoryPaginator(
                b -> b.executionArn(execution).maxResults(1000)).events().stream().toList();
        int events = history.size();
        String run = described.name();
        return described.status() == ExecutionStatus.SUCCEEDED
                ? new Outcome("SUCCEEDED", null, sources(counter, run), notifications, counter.snapshot(), events, null)
                : new Outcome(described.statusAsString(), described.error(), sources(counter, run),
                        notifications, counter.snapshot(), events, described.cause());
    }

    /** Every source's outcome (with the failing step), from the run's report; none when the run ended without one. */
    private static Map<String, String> sources(Counter counter, String run) {
        JsonNode results = ExportScenarios.outcomes(counter.store, ENVIRONMENT.exportBucketName(), run);
        Map<String, String> outcomes = new TreeMap<>();
        if (results == null) {
            return outcomes;
        }
        for (JsonNode result : results) {
            String outcome = result.path("outcome").asText();
            outcomes.put(result.path("source").asText(), outcome.equals("FAILED")
                    ? outcome + "/" + result.path("step").asText() + "/" + result.path("error").asText() : outcome);
        }
        return outcomes;
    }

    private static int drainQueue() throws InterruptedException {
        int count = 0;
        for (int empty = 0; empty < 2; ) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            if (messages.isEmpty()) {
                empty++;
                Thread.sleep(100);
                continue;
            }
            count += messages.size();
            messages.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        }
        return count;
    }

    private static void post(String url, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        if (connection.getResponseCode() != 200 && connection.getResponseCode() != 201) {
            throw new IOException("moto config answered " + connection.getResponseCode());
        }
    }
}
