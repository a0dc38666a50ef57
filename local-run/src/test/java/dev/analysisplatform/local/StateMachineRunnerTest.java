package dev.analysisplatform.local;

import dev.analysisplatform.testing.MemoryRunStore;
import dev.analysisplatform.local.asl.ExecutionFailed;
import dev.analysisplatform.local.lambda.S3Tasks;
import dev.analysisplatform.local.asl.PayloadLimit;
import dev.analysisplatform.local.asl.StateMachineRunner;
import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.asl.Invoker;
import dev.analysisplatform.local.asl.FunctionError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.infra.ExportWorkflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The project's real state machine definition, run by the local interpreter with stand-in functions: the
 * definition's retry, wait/status loop, failure reporting and dry-run paths, without AWS.
 */
class StateMachineRunnerTest {

    private static final String PLAN = "arn:aws:lambda:us-east-1:123456789012:function:plan";
    private static final String START = "arn:aws:lambda:us-east-1:123456789012:function:start";
    private static final String STATUS = "arn:aws:lambda:us-east-1:123456789012:function:status";
    private static final String REGISTER = "arn:aws:lambda:us-east-1:123456789012:function:register";
    private static final String SUMMARIZE = "arn:aws:lambda:us-east-1:123456789012:function:summarize";
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:failures";

    private final EnvironmentDefinition environment =
            new EnvironmentLoader(Path.of("..", "environments")).load("local");
    private final JsonNode definition = parse(new ExportWorkflow(environment,
            new ExportWorkflow.Resources(PLAN, START, STATUS, REGISTER, SUMMARIZE, TOPIC)).toJson());
    private final MemoryRunStore store = (MemoryRunStore) ExportScenarios.configured(new MemoryRunStore(), environment);
    private final List<String> calls = new ArrayList<>();
    private final List<JsonNode> published = new ArrayList<>();

    private static JsonNode parse(String json) {
        try {
            return JsonPaths.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Planner that plans every configured source, start/status stand-ins given per test; the real summary. Returns
     * every source's outcome from the run's report.
     */
    private JsonNode run(Invoker start, Invoker status, JsonNode input) {
        Map<String, Invoker> functions = new java.util.HashMap<>(Map.of(
                PLAN, payload -> {
                    calls.add("plan");
                    return ExportScenarios.plan(payload, store);
                },
                SUMMARIZE, payload -> ExportScenarios.summarize(payload, store),
                START, payload -> {
                    calls.add("start");
                    return start.invoke(payload);
                },
                STATUS, payload -> {
                    calls.add("status");
                    return status.invoke(payload);
                },
                REGISTER, payload -> {
                    calls.add("register");
                    return registration.invoke(payload);
                },
                ExportWorkflow.SNS_PUBLISH, payload -> {
                    published.add(parse(payload));
                    return "{\"MessageId\":\"1\"}";
                }));
        functions.putAll(S3Tasks.invokers("aws", store));
        lastRunner = new StateMachineRunner(functions::get, Duration.ZERO);
        lastRunner.run(definition, input);
        return ExportScenarios.outcomes(store, environment.exportBucketName(), lastRunner.history.executions().get(0).name);
    }

    private StateMachineRunner lastRunner;
    private Invoker registration = payload -> ExportScenarios.largestRegistration();

    /** The start handler's output, field for field. */
    private static String export(JsonNode request, String status) {
        return ExportScenarios.export(request, status, false, null);
    }

    @Test
    void run_exportInProgress_waitsAndPollsUntilComplete() {
        AtomicInteger polls = new AtomicInteger();

        JsonNode results = run(
                payload -> export(parse(payload), "STARTING"),
                payload -> {
                    JsonNode input = parse(payload);
                    assertThat(input.has("sourceRoleArn")).as("status gets the source fields").isTrue();
                    assertThat(input.has("exportTaskIdentifier")).as("and the start output").isTrue();
                    ObjectNode out = ((ObjectNode) input).deepCopy();
                    out.put("status", polls.incrementAndGet() > 2 ? "COMPLETE" : "IN_PROGRESS");
                    return out.toString();
                },
                JsonPaths.MAPPER.createObjectNode());

        assertThat(results).hasSize(2).allSatisfy(r -> assertThat(r.path("outcome").asText()).isEqualTo("EXPORTED"));
        assertThat(results).allSatisfy(r -> assertThat(r.path("glueDatabase").asText()).isNotEmpty());
        assertThat(polls.get()).isGreaterThanOrEqualTo(3);
        assertThat(calls).filteredOn("register"::equals).hasSize(2);
        assertThat(published).isEmpty();
    }

    @Test
    void tablesWithoutFreshData_runSucceeds_oneNotificationNamesThem_andTheOutcomeCarriesThem() {
        registration = payload -> {
            ObjectNode out = (ObjectNode) parse(ExportScenarios.largestRegistration());
            if (parse(payload).path("sourceName").asText().equals("shop_orders")) {
                out.put("incompleteTables", 2);
                out.putArray("incomplete").add("shop_orders: shop.public.orders (RDS export status FAILED): "
                        + "shop_orders_shop_public_orders keeps an earlier export").add("shop_orders: shop.public.new "
                        + "(RDS export status FAILED): no table in the catalog yet");
            }
            return out.toString();
        };

        JsonNode results = run(payload -> export(parse(payload), "COMPLETE"), payload -> payload,
                JsonPaths.MAPPER.createObjectNode());

        JsonNode orders = null;
        for (JsonNode result : results) {
            if (result.path("source").asText().equals("shop_orders")) {
                orders = result;
            } else {
                assertThat(result.path("tablesComplete").asBoolean()).isTrue();
            }
        }
        assertThat(orders.path("outcome").asText()).isEqualTo("EXPORTED");
        assertThat(orders.path("tablesComplete").asBoolean(true)).isFalse();
        assertThat(orders.path("incompleteTables").asInt()).isEqualTo(2);
        assertThat(published).singleElement().satisfies(message -> {
            assertThat(message.path("Subject").asText()).contains("tables without fresh data");
            assertThat(message.path("Message").asText()).contains("shop.public.orders").contains("shop.public.new")
                    .contains("keeps an earlier export");
        });
    }

    @Test
    void consoleInput_sourcesSelectsWhichSourcesRun_eachInItsOwnChildExecution() throws Exception {
        List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();

        JsonNode results = run(payload -> {
                    started.add(parse(payload).path("sourceName").asText());
                    return export(parse(payload), "COMPLETE");
                }, payload -> export(parse(payload), "COMPLETE"),
                JsonPaths.MAPPER.readTree("{\"sources\": [\"shop_billing\"], \"Comment\": \"typed in the console\"}"));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.path("source").asText()).isEqualTo("shop_billing");
            assertThat(r.path("outcome").asText()).isEqualTo("EXPORTED");
        });
        assertThat(started).containsExactly("shop_billing");
        // The parent, one account, one source: three executions, the source's loop in its own history.
        assertThat(lastRunner.history.executions()).hasSize(3);
        assertThat(lastRunner.history.executions().get(2).name).endsWith("/source:0");
    }

    @Test
    void run_quotaExceeded_retriesThenSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        JsonNode results = run(payload -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new FunctionError(ExportWorkflow.QUOTA_ERROR, "{\"errorMessage\":\"too many exports\"}");
            }
            return export(parse(payload), "COMPLETE");
        }, payload -> payload, JsonPaths.MAPPER.createObjectNode());

        assertThat(results).allSatisfy(r -> assertThat(r.path("outcome").asText()).isEqualTo("EXPORTED"));
        assertThat(attempts.get()).isEqualTo(4);
    }

    @Test
    void run_oneSourceFails_otherFinishesAndExecutionFailsNamingSourceAndCause() {
        assertThatThrownBy(() -> run(payload -> {
            JsonNode request = parse(payload);
            if (request.path("sourceName").asText().equals("shop_billing")) {
                throw new FunctionError("dev.analysisplatform.export.errors.NoSnapshotFoundException",
                        "{\"errorMessage\":\"No available snapshot of DB instance 'shop-billing'\"}");
            }
            return export(request, "COMPLETE");
        }, payload -> payload, JsonPaths.MAPPER.createObjectNode()))
                .isInstanceOfSatisfying(ExecutionFailed.class, failed -> {
                    assertThat(failed.error).isEqualTo(ExportWorkflow.FAILED_ERROR);
                    assertThat(failed.cause).startsWith("1 of 2 sources failed: [\"shop_billing: "
                                    + "dev.analysisplatform.export.errors.NoSnapshotFoundException in start or status\"] ")
                            .contains("failure topic").contains("run report s3://" + environment.exportBucketName()
                                    + "/runs/")
                            .doesNotContain("shop_orders").doesNotContain("No available snapshot");
                });
        assertThat(published).singleElement().satisfies(message -> {
            assertThat(message.path("TopicArn").asText()).isEqualTo(TOPIC);
            assertThat(message.path("Message").asText()).contains("shop_billing").contains("NoSnapshotFoundException");
        });
    }

    @Test
    void run_exportTaskFailed_reportsRdsFailureCause() {
        assertThatThrownBy(() -> run(payload -> export(parse(payload), "STARTING"), payload -> {
            ObjectNode out = (ObjectNode) parse(payload);
            out.put("status", "FAILED");
            out.put("failureCause", "The IAM role does not have access to the S3 bucket");
            return out.toString();
        }, JsonPaths.MAPPER.createObjectNode()))
                .isInstanceOfSatisfying(ExecutionFailed.class,
                        failed -> assertThat(failed.cause).contains("ExportTaskFailed"));
        assertThat(published).hasSize(2).allSatisfy(message -> assertThat(message.path("Message").asText())
                .contains("\"snapshot\"").contains("does not have access"));
    }

    /**
     * S3 refusing a source's outcome record (after its retries) must not lose the source: the run fails, and the
     * summary names it OutcomeMissing, while the other source's outcome is reported as written.
     */
    @Test
    void outcomeRecordRefusedByS3_theSourceIsReportedMissing_notLost() {
        Map<String, Invoker> s3 = new java.util.HashMap<>(S3Tasks.invokers("aws", store));
        Invoker put = s3.get("arn:aws:states:::aws-sdk:s3:putObject");
        Map<String, Invoker> functions = new java.util.HashMap<>(Map.of(
                PLAN, payload -> ExportScenarios.plan(payload, store),
                SUMMARIZE, payload -> ExportScenarios.summarize(payload, store),
                START, payload -> export(parse(payload), "COMPLETE"),
                REGISTER, registration,
                ExportWorkflow.SNS_PUBLISH, payload -> "{}"));
        functions.putAll(s3);
        functions.put("arn:aws:states:::aws-sdk:s3:putObject", payload -> {
            if (parse(payload).path("Key").asText().endsWith("/shop_orders.json")) {
                throw new FunctionError("S3.S3Exception", "Service Unavailable");
            }
            return put.invoke(payload);
        });
        StateMachineRunner runner = new StateMachineRunner(functions::get, Duration.ZERO);

        assertThatThrownBy(() -> runner.run(definition, JsonPaths.MAPPER.createObjectNode()))
                .isInstanceOfSatisfying(ExecutionFailed.class, failed -> assertThat(failed.cause)
                        .startsWith("1 of 2 sources failed: [\"shop_orders: OutcomeMissing in record\"]"));
        JsonNode outcomes = ExportScenarios.outcomes(store, environment.exportBucketName(),
                runner.history.executions().get(0).name);
        assertThat(outcomes).extracting(o -> o.path("source").asText() + "=" + o.path("outcome").asText())
                .containsExactlyInAnyOrder("shop_orders=FAILED", "shop_billing=EXPORTED");
    }

    @Test
    void run_dryRun_neverPollsStatus() {
        JsonNode results = run(payload -> export(parse(payload), "NOT_STARTED"), payload -> {
            throw new AssertionError("a dry run has nothing to poll");
        }, JsonPaths.MAPPER.createObjectNode().put("dryRun", true));

        assertThat(results).hasSize(2).allSatisfy(r -> assertThat(r.path("outcome").asText()).isEqualTo("DRY_RUN"));
        assertThat(calls).doesNotContain("status", "register");
    }

    @Test
    void run_registrationFails_sourceFailsWithRegistrationCause() {
        Map<String, Invoker> functions = new java.util.HashMap<>(Map.of(
                PLAN, payload -> ExportScenarios.plan(payload, store),
                SUMMARIZE, payload -> ExportScenarios.summarize(payload, store),
                START, payload -> export(parse(payload), "COMPLETE"),
                REGISTER, payload -> {
                    throw new FunctionError("dev.analysisplatform.export.errors.CatalogRegistrationException",
                            "{\"errorMessage\":\"No export_tables_info\"}");
                },
                ExportWorkflow.SNS_PUBLISH, payload -> {
                    published.add(parse(payload));
                    return "{}";
                }));
        functions.putAll(S3Tasks.invokers("aws", store));

        assertThatThrownBy(() -> new StateMachineRunner(functions::get, Duration.ZERO).run(definition,
                JsonPaths.MAPPER.createObjectNode()))
                .isInstanceOfSatisfying(ExecutionFailed.class,
                        failed -> assertThat(failed.cause).contains("CatalogRegistrationException in register"));
        assertThat(published).hasSize(2);
    }

    @Test
    void run_planFails_executionFailsWithTheErrorName() {
        Map<String, Invoker> functions = Map.of(PLAN, payload -> {
            throw new FunctionError("dev.analysisplatform.export.errors.InvalidInputException", "{\"errorMessage\":\"bad\"}");
        });

        assertThatThrownBy(() -> new StateMachineRunner(functions::get, Duration.ZERO).run(definition,
                JsonPaths.MAPPER.createObjectNode()))
                .isInstanceOfSatisfying(ExecutionFailed.class,
                        failed -> assertThat(failed.error).endsWith("InvalidInputException"));
    }

    @Test
    void run_fieldTheInterpreterDoesNotImplement_isRejectedNotIgnored() {
        JsonNode strange = parse("""
                {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"x","TimeoutSeconds":5,"End":true}}}""");

        assertThatThrownBy(() -> new StateMachineRunner(r -> p -> "{}", Duration.ZERO).run(strange,
                JsonPaths.MAPPER.createObjectNode()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TimeoutSeconds");
    }

    @Test
    void run_eachRetrierCountsItsOwnAttempts() {
        // Two retriers of 1 attempt each: errors alternate, so a shared counter would stop after the second failure.
        JsonNode machine = parse("""
                {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"f","End":true,"Retry":[
                  {"ErrorEquals":["E1"],"IntervalSeconds":1,"MaxAttempts":1},
                  {"ErrorEquals":["E2"],"IntervalSeconds":1,"MaxAttempts":1}]}}}""");
        AtomicInteger call = new AtomicInteger();
        Invoker f = payload -> switch (call.incrementAndGet()) {
            case 1 -> throw new FunctionError("E1", "{}");
            case 2 -> throw new FunctionError("E2", "{}");
            default -> "{\"ok\":true}";
        };

        JsonNode output = new StateMachineRunner(r -> f, Duration.ZERO).run(machine, JsonPaths.MAPPER.createObjectNode());

        assertThat(output.path("ok").asBoolean()).isTrue();
        assertThat(call.get()).isEqualTo(3);
    }

    @Test
    void run_resultOver256KiB_failsTheExecutionUncatchably() {
        JsonNode machine = parse("""
                {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"f","Next":"B",
                  "Catch":[{"ErrorEquals":["States.ALL"],"Next":"B"}]},"B":{"Type":"Succeed"}}}""");
        Invoker big = payload -> "{\"x\":\"" + "y".repeat(PayloadLimit.MAX_BYTES) + "\"}";

        assertThatThrownBy(() -> new StateMachineRunner(r -> big, Duration.ZERO).run(machine,
                JsonPaths.MAPPER.createObjectNode()))
                .isInstanceOfSatisfying(ExecutionFailed.class,
                        failed -> assertThat(failed.error).isEqualTo(PayloadLimit.DATA_LIMIT_EXCEEDED));
    }
}
