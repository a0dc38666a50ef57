package dev.analysisplatform.export.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.testing.MemoryRunStore;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import dev.analysisplatform.export.errors.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlanExportsHandlerTest {

    static final String BUCKET = "analysis-platform-exports-111111111111";

    private final MemoryRunStore store = new MemoryRunStore();
    private final Context context = mock(Context.class);

    @BeforeEach
    void logger() {
        when(context.getLogger()).thenReturn(mock(LambdaLogger.class));
    }

    private void configure(Object sources) throws IOException {
        store.write(BUCKET, RunRecords.CONFIGURED_SOURCES_KEY, JSON.std.asString(sources));
    }

    private Map<String, Object> plan(Map<String, Object> input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PlanExportsHandler(store).handleRequest(new ByteArrayInputStream(JSON.std.asBytes(input)), out, context);
        return JSON.std.mapFrom(out.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> input(Object executionInput) {
        return Map.of("runBucket", BUCKET, "run", "run-1", "executionInput", executionInput,
                "executionStartTime", "2026-11-25T03:00:00.123Z");
    }

    @Test
    void plan_writesOneObjectPerAccountAndRegion_andReturnsOnlyWhereTheyAre() throws IOException {
        configure(List.of(
                Map.of("sourceName", "orders", "sourceRoleArn", "arn:aws:iam::222222222222:role/r", "sourceRegion", "eu-west-1"),
                Map.of("sourceName", "billing", "sourceRoleArn", "arn:aws:iam::222222222222:role/r", "sourceRegion", "us-east-1"),
                Map.of("sourceName", "stock", "sourceRoleArn", "arn:aws:iam::222222222222:role/r", "sourceRegion", "eu-west-1")));

        Map<String, Object> output = plan(input(Map.of()));

        assertThat(output).containsEntry("plan", "runs/run-1/plan/groups.json").containsEntry("sources", 3)
                .containsEntry("groups", 2).containsEntry("runBucket", BUCKET).containsEntry("run", "run-1");
        List<Object> groups = JSON.std.listFrom(store.read(BUCKET, "runs/run-1/plan/groups.json"));
        assertThat(groups).hasSize(2);
        assertThat(store.read(BUCKET, "runs/run-1/plan/222222222222-eu-west-1.json")).contains("\"orders\"")
                .contains("\"stock\"").doesNotContain("billing")
                // The state machine stops waiting for the export 22 hours after the run started.
                .contains("\"deadline\":\"2026-11-26T01:00:00.123Z\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void plan_everyPlannedFieldPresent_nullWhenUnset() throws IOException {
        configure(List.of(Map.of("sourceName", "orders", "dbClusterIdentifier", "orders-cluster")));

        plan(input(Map.of()));

        Map<String, Object> item = (Map<String, Object>) JSON.std.listFrom(
                store.read(BUCKET, "runs/run-1/plan/self-default.json")).get(0);
        assertThat(item).containsEntry("externalId", null).containsEntry("snapshotIdentifier", null)
                .containsEntry("dbInstanceIdentifier", null).containsEntry("exportOnly", null)
                .containsEntry("runStartTime", "2026-11-25T03:00:00.123Z");
    }

    @Test
    void plan_withoutStartTime_isInvalidInput_becauseTheDeadlineNeedsIt() throws IOException {
        configure(List.of());

        assertThatThrownBy(() -> plan(Map.of("runBucket", BUCKET, "run", "run-1", "executionInput", Map.of())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("executionStartTime");
    }

    @Test
    void plan_withoutTheConfiguration_namesTheObjectAndWhoWritesIt() {
        assertThatThrownBy(() -> plan(input(Map.of())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("s3://" + BUCKET + "/configuration/sources.json").hasMessageContaining("deploy");
    }

    @Test
    void plan_unknownSourceInTheInput_refusedBeforeAnythingIsWritten() throws IOException {
        configure(List.of(Map.of("sourceName", "orders")));

        assertThatThrownBy(() -> plan(input(Map.of("sources", List.of("ordrs")))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ordrs");
        assertThat(store.keys(BUCKET, "runs/run-1/")).isEmpty();
    }
}
