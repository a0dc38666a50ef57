package dev.analysisplatform.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.export.errors.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * "Start execution" input: every one of these ran every source, or started a real export, or ignored an override
 * before ExecutionInput (a typo costs one export per source, billed per GB).
 */
class ExecutionInputTest {

    private static final List<Map<String, Object>> CONFIGURED = List.of(
            Map.of("sourceName", "shop", "maxSnapshotAgeHours", 26),
            Map.of("sourceName", "billing", "maxSnapshotAgeHours", 26));

    private static List<Map<String, Object>> plan(String input) throws Exception {
        return new ExportPlanner().plan(CONFIGURED, ExecutionInput.strict(JSON.std.anyFrom(input)),
                "2026-12-05T05:00:00Z");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"sources\": []}|'sources' is empty|",
        "[\"shop\"]|must be a JSON object|an array",
        "\"shop\"|must be a JSON object|a string",
        "42|must be a JSON object|a number",
        "true|must be a JSON object|a boolean",
        "{\"source\": [\"shop\"]}|'source' is not known|did you mean 'sources'",
        "{\"Sources\": [\"shop\"]}|'Sources' is not known|did you mean 'sources'",
        "{\"sources\": [\"shop\"], \"dryrun\": true}|'dryrun' is not known|did you mean 'dryRun'",
        "{\"sources\": [\"shop\"], \"dry_run\": true}|'dry_run' is not known|did you mean 'dryRun'",
        "{\"snapshotIdentifer\": \"shop-1\"}|'snapshotIdentifer' is not known|did you mean 'snapshotIdentifier'",
        "{\"exportonly\": [\"db\"]}|'exportonly' is not known|did you mean 'exportOnly'",
        "{\"maxSnapshotAge\": 48}|'maxSnapshotAge' is not known|did you mean 'maxSnapshotAgeHours'",
        "{\"tables\": [\"db.t\"]}|'tables' is not known|takes [sources",
        "{\"sources\": [null]}|'sources[0]' must be a string, but is null|",
        "{\"snapshotTypes\": [null]}|'snapshotTypes[0]' must be a string, but is null|",
        "{\"exportOnly\": [\"db\", null]}|'exportOnly[1]' must be a string, but is null|",
        "{\"dryRun\": \"yes\"}|'dryRun' must be a boolean|",
        "{\"maxSnapshotAgeHours\": 0}|'maxSnapshotAgeHours' must be a whole number from 1 to 720|",
        "{\"maxSnapshotAgeHours\": 1000}|'maxSnapshotAgeHours' must be a whole number from 1 to 720|",
        "{\"maxSnapshotAgeHours\": \"48\"}|'maxSnapshotAgeHours' must be a whole number|"})
    void badConsoleInput_isRefusedNamingWhatIsWrong(String input, String message, String more) {
        assertThatThrownBy(() -> plan(input)).isInstanceOf(InvalidInputException.class).hasMessageContaining(message)
                .hasMessageContaining(more == null ? "" : more);
    }

    @Test
    void theConsolesDefaultInput_andNoInput_runEverySource() throws Exception {
        assertThat(plan("{\"Comment\": \"Insert your JSON here\"}")).hasSize(2);
        assertThat(plan("{}")).hasSize(2);
        assertThat(new ExportPlanner().plan(CONFIGURED, ExecutionInput.strict(null), "2026-12-05T05:00:00Z")).hasSize(2);
    }

    @Test
    void maxSnapshotAgeHours_inTheInput_overridesTheConfiguredOne() throws Exception {
        assertThat(plan("{\"maxSnapshotAgeHours\": 48}")).allSatisfy(item ->
                assertThat(item).containsEntry("maxSnapshotAgeHours", 48));
        assertThat(plan("{\"sources\": [\"shop\"], \"dryRun\": true}")).singleElement()
                .satisfies(item -> assertThat(item).containsEntry("dryRun", true).containsEntry("maxSnapshotAgeHours", 26));
    }

    @Test
    void nearest_isOnlySuggestedWhenClose() {
        assertThatThrownBy(() -> ExecutionInput.strict(JSON.std.anyFrom("{\"completelyDifferent\": 1}")))
                .hasMessageNotContaining("did you mean");
    }
}
