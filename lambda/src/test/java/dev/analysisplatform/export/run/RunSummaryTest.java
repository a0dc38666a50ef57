package dev.analysisplatform.export.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.testing.MemoryRunStore;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    private static final String BUCKET = PlanExportsHandlerTest.BUCKET;
    private static final String START = "2026-11-25T03:00:00.123Z";
    private final MemoryRunStore store = new MemoryRunStore();

    /** A plan of {@code count} sources in two groups, as the planner writes it. */
    private void planned(int count) throws IOException {
        List<Object> a = new ArrayList<>();
        List<Object> b = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            (i % 2 == 0 ? a : b).add(Map.of("sourceName", "s" + i, "runStartTime", START));
        }
        store.write(BUCKET, "runs/r/plan/a.json", JSON.std.asString(a));
        store.write(BUCKET, "runs/r/plan/b.json", JSON.std.asString(b));
        store.write(BUCKET, RunRecords.planKey("r"), JSON.std.asString(List.of(Map.of("key", "runs/r/plan/a.json"),
                Map.of("key", "runs/r/plan/b.json"))));
    }

    private void outcome(String source, String outcome, Boolean complete) throws IOException {
        outcome(source, outcome, complete, START);
    }

    private void outcome(String source, String outcome, Boolean complete, String runStart) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("source", source);
        record.put("runStartTime", runStart);
        record.put("outcome", outcome);
        record.put("failure", outcome.equals("FAILED") ? source + ": ExportTaskFailed in export" : null);
        record.put("tablesComplete", complete);
        record.put("incomplete", complete == Boolean.FALSE ? List.of(source + ": t (FAILED)") : null);
        store.write(BUCKET, RunRecords.outcomeKey("r", source), JSON.std.asString(record));
    }

    @Test
    @SuppressWarnings("unchecked")
    void summary_countsEveryPlannedSource_andAMissingOutcomeIsAFailure() throws IOException {
        planned(4);
        outcome("s0", "EXPORTED", true);
        outcome("s1", "EXPORTED", false);
        outcome("s2", "FAILED", null);

        Map<String, Object> summary = new RunSummary(store).summarize(BUCKET, "r");

        assertThat(summary).containsEntry("total", 4).containsEntry("failed", 2).containsEntry("anyFailed", true)
                .containsEntry("anyStale", true).containsEntry("report", "s3://" + BUCKET + "/runs/r/summary.json");
        assertThat((List<String>) summary.get("failures")).containsExactly("s2: ExportTaskFailed in export",
                "s3: OutcomeMissing in record");
        assertThat((Map<String, Object>) summary.get("counts")).containsEntry("EXPORTED", 2).containsEntry("FAILED", 2);
        Map<String, Object> report = JSON.std.mapFrom(store.read(BUCKET, "runs/r/summary.json"));
        assertThat((List<Map<String, Object>>) report.get("outcomes")).extracting(o -> o.get("source"))
                .containsExactly("s0", "s2", "s1", "s3");
    }

    @Test
    @SuppressWarnings("unchecked")
    void summary_ofAThousandFailures_namesTheFirstFew_andTheReportHasAll() throws IOException {
        planned(1_000);
        for (int i = 0; i < 1_000; i++) {
            outcome("s" + i, "FAILED", null);
        }

        Map<String, Object> summary = new RunSummary(store).summarize(BUCKET, "r");

        assertThat((List<String>) summary.get("failures")).hasSize(RunRecords.NAMED_IN_SUMMARY);
        assertThat(JSON.std.asString(summary).length()).isLessThan(8_000);
        Map<String, Object> report = JSON.std.mapFrom(store.read(BUCKET, "runs/r/summary.json"));
        assertThat((List<String>) report.get("failures")).hasSize(1_000);
    }

    /** An execution name may be used again after 90 days: a record the earlier run left is not this run's outcome. */
    @Test
    @SuppressWarnings("unchecked")
    void anOutcomeOfAnEarlierRunUnderTheSameName_doesNotCount() throws IOException {
        planned(2);
        outcome("s0", "EXPORTED", true);
        outcome("s1", "EXPORTED", true, "2026-08-01T03:00:00Z");

        Map<String, Object> summary = new RunSummary(store).summarize(BUCKET, "r");

        assertThat((List<String>) summary.get("failures")).containsExactly("s1: OutcomeMissing in record");
    }

    @Test
    void summary_withoutThePlan_saysWhichObjectIsMissing() {
        assertThatThrownBy(() -> new RunSummary(store).summarize(BUCKET, "r"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("runs/r/plan/groups.json");
    }
}
