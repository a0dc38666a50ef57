package dev.analysisplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analysisplatform.infra.ExportWorkflow;
import dev.analysisplatform.local.FleetSimulation.Source;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One slow and one failing database among healthy ones, in compressed time (1 simulated hour = 0.2 s): the healthy
 * sources finish when their own exports do, the slow one is given up at the run's deadline with a notification naming
 * it, the failing one fails alone, and the run ends with all five outcomes. Checked in simulated time, so the result
 * does not depend on how fast the machine is.
 */
class FleetSimulationTest {

    private static final double SPEEDUP = 18_000;
    /**
     * A status poll (5 minutes) plus the noise of compressed time: a millisecond of thread scheduling, class loading
     * or GC is 18 simulated seconds here, so the bounds allow 200 ms of it; the slow source runs 22 hours.
     */
    private static final Duration SLACK = Duration.ofHours(1);

    @Test
    void withoutAnyDeadline_aSlowSourceWouldTimeOutTheWholeRun(@TempDir Path dir) throws Exception {
        // The interpreter enforces the definition's TimeoutSeconds as Step Functions does: a run that outlasts its
        // 23 hours fails as a whole with States.Timeout. This is what the per-source deadline prevents.
        FleetSimulation.Result run = FleetSimulation.run(dir, List.of(
                new Source("never_ends", "222222222222", "us-east-1", Duration.ofHours(30), false)), 1, SPEEDUP,
                definition -> ((com.fasterxml.jackson.databind.node.ObjectNode) definition).put("TimeoutSeconds", 3600));

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.error()).isEqualTo("States.Timeout");
        assertThat(run.makespan()).isBetween(Duration.ofHours(1), Duration.ofHours(1).plus(SLACK));
    }

    @Test
    void slowAndFailingSources_delayAndFailNoOtherSource(@TempDir Path dir) throws Exception {
        List<Source> fleet = List.of(
                new Source("a_quick", "222222222222", "us-east-1", Duration.ofHours(1), false),
                new Source("a_slow", "222222222222", "us-east-1", Duration.ofHours(30), false),
                new Source("a_broken", "222222222222", "us-east-1", Duration.ofHours(4), true),
                new Source("b_two_hours", "333333333333", "us-east-1", Duration.ofHours(2), false),
                new Source("b_three_hours", "333333333333", "us-east-1", Duration.ofHours(3), false));

        FleetSimulation.Result run = FleetSimulation.run(dir, fleet, 2, SPEEDUP);

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.error()).isEqualTo(ExportWorkflow.FAILED_ERROR);
        assertThat(run.sources()).extracting(FleetSimulation.SourceResult::outcome)
                .containsExactly("EXPORTED", "FAILED", "FAILED", "EXPORTED", "EXPORTED");
        // Healthy sources start at once and end when their exports end, whatever the slow one does.
        for (String name : List.of("a_quick", "b_two_hours", "b_three_hours")) {
            FleetSimulation.SourceResult source = run.source(name);
            assertThat(source.startedAfter()).as(name).isLessThan(SLACK);
            assertThat(source.finishedAfter().minus(source.startedAfter())).as(name)
                    .isBetween(source.source().export(), source.source().export().plus(SLACK));
        }
        // a_broken waited for a slot (a_quick and a_slow hold both), took a_quick's at 1 h, failed half-way.
        FleetSimulation.SourceResult broken = run.source("a_broken");
        assertThat(broken.error()).isEqualTo("ExportTaskFailed");
        assertThat(broken.startedAfter()).isBetween(run.source("a_quick").finishedAfter(),
                run.source("a_quick").finishedAfter().plus(SLACK));
        // The slow source is given up at the deadline, 22 h after the start, an hour before the run would time out.
        FleetSimulation.SourceResult slow = run.source("a_slow");
        assertThat(slow.error()).isEqualTo(ExportWorkflow.DEADLINE_PASSED_ERROR);
        assertThat(slow.finishedAfter()).isBetween(Duration.ofHours(22), Duration.ofHours(22).plus(SLACK));
        assertThat(run.makespan()).isLessThan(Duration.ofHours(23));
        assertThat(run.notifications()).hasSize(2)
                .anySatisfy(message -> assertThat(message).contains("a_slow").contains("past this run deadline"));
        // 22 hours of polling every 5 minutes stays in the slow source's own execution, far below 25,000 events.
        assertThat(run.largestExecution()).contains("/source:");
        assertThat(run.largestEvents()).isBetween(2_000, 4_000);
        assertThat(run.parentEvents()).isLessThan(40);
        assertThat(run.mostConcurrentInOneAccount()).isEqualTo(2);
    }
}
