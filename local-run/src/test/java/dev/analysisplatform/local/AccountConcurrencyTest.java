package dev.analysisplatform.local;

import dev.analysisplatform.testing.MemoryRunStore;
import dev.analysisplatform.local.asl.StateMachineRunner;
import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.asl.Invoker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.infra.ExportWorkflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthesized definition, the real planner and the local interpreter: three source accounts with three sources
 * each and maxConcurrentExportsPerAccount 2. Exports of one account never overlap more than twice (RDS's limit is per
 * account), while different accounts export at the same time.
 */
class AccountConcurrencyTest {

    @Test
    void accountsRunInParallelAndEachAccountStaysWithinItsLimit(@TempDir Path dir) throws Exception {
        ObjectNode file = (ObjectNode) JsonPaths.MAPPER.readTree(Path.of("..", "environments", "local.json").toFile());
        file.put("maxConcurrentExportsPerAccount", 2);
        ArrayNode sources = file.putArray("sources");
        for (String account : new String[] {"222222222222", "333333333333", "444444444444"}) {
            for (int i = 1; i <= 3; i++) {
                sources.addObject().put("name", "s" + account.charAt(0) + i).put("accountId", account)
                        .put("dbInstanceIdentifier", "db" + i).putArray("snapshotTypes").add("manual");
            }
        }
        Files.writeString(dir.resolve("fleet.json"), file.toString());
        EnvironmentDefinition environment = new EnvironmentLoader(dir).load("fleet");
        JsonNode definition = JsonPaths.MAPPER.readTree(new ExportWorkflow(environment,
                new ExportWorkflow.Resources("plan", "start", "status", "register", "summarize", "topic")).toJson());

        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        Map<String, Integer> mostPerAccount = new ConcurrentHashMap<>();
        AtomicInteger runningOverall = new AtomicInteger();
        AtomicInteger mostOverall = new AtomicInteger();
        MemoryRunStore store = (MemoryRunStore) ExportScenarios.configured(new MemoryRunStore(), environment);
        Map<String, Invoker> functions = ExportScenarios.runFunctions(store);
        functions.putAll(Map.of(
                "start", payload -> {
                    JsonNode request = ExportScenarios.parse(payload);
                    String account = request.path("sourceRoleArn").asText().split(":")[4];
                    int now = running.computeIfAbsent(account, a -> new AtomicInteger()).incrementAndGet();
                    mostPerAccount.merge(account, now, Math::max);
                    mostOverall.accumulateAndGet(runningOverall.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    } finally {
                        running.get(account).decrementAndGet();
                        runningOverall.decrementAndGet();
                    }
                    return ExportScenarios.export(request, "COMPLETE", false, null);
                },
                "register", payload -> ExportScenarios.largestRegistration(),
                "topic", payload -> "{}"));

        StateMachineRunner runner = new StateMachineRunner(functions::get, Duration.ZERO);
        runner.run(definition, JsonPaths.MAPPER.createObjectNode());
        JsonNode results = ExportScenarios.outcomes(store, environment.exportBucketName(),
                runner.history.executions().get(0).name);

        assertThat(results).hasSize(9).allSatisfy(r -> assertThat(r.path("outcome").asText()).isEqualTo("EXPORTED"));
        assertThat(mostPerAccount).hasSize(3).allSatisfy((account, most) -> assertThat(most).as(account).isEqualTo(2));
        assertThat(mostOverall.get()).as("accounts export at the same time").isGreaterThan(2);
    }
}
