package dev.analysisplatform.local;

import dev.analysisplatform.local.FleetSimulation.Source;
import dev.analysisplatform.local.FleetSimulation.SourceResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Issue "Fresh within minutes", run by bench/data_age.sh: the same fleet (FleetBenchmark's, exports drawn from 10 min
 * to 8 h) with snapshots taken at random over the 4 hours before a 05:00 schedule. How old each source's data is when
 * it becomes queryable, (a) with the schedule only (one run at 05:00: the wait for the schedule plus the run), and (b)
 * with snapshot events (each source's own run starts when its snapshot is taken). Both through the synthesized
 * definition in the local interpreter, time compressed. Runs started by events are separate executions: nothing bounds
 * their exports per account but RDS's quota (5 at once), so the benchmark also counts how often more than 5 of one
 * account's event runs would export at once (those wait in the start function's quota retries, every 5 minutes and
 * more, which the per-source runs here do not model).
 */
public final class DataAgeBenchmark {

    private static final int SLOTS = 5;
    private static final Duration WINDOW = Duration.ofHours(4);

    public static void main(String[] args) throws Exception {
        int sources = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        double speedup = args.length > 2 ? Double.parseDouble(args[2]) : 7_200;
        List<Source> fleet = FleetBenchmark.fleet(sources, accounts, 1, new Random(7), false);
        Random windows = new Random(11);
        Map<String, Duration> before = new HashMap<>();
        fleet.forEach(s -> before.put(s.name(), Duration.ofMinutes(windows.nextInt((int) WINDOW.toMinutes()))));
        Path dir = Files.createTempDirectory("data-age");

        FleetSimulation.Result nightly = FleetSimulation.run(dir.resolve("schedule"), fleet, SLOTS, speedup);
        long[] scheduled = nightly.sources().stream()
                .mapToLong(r -> before.get(r.source().name()).plus(r.finishedAfter()).toMillis()).sorted().toArray();

        List<Long> onEvent = new ArrayList<>();
        for (Source source : fleet) {
            FleetSimulation.Result run = FleetSimulation.run(dir.resolve("event-" + source.name()), List.of(source), SLOTS,
                    speedup);
            SourceResult result = run.sources().get(0);
            if (!"EXPORTED".equals(result.outcome())) {
                throw new IllegalStateException(source.name() + " was not exported: " + result);
            }
            onEvent.add(result.finishedAfter().toMillis());
        }
        long[] events = onEvent.stream().mapToLong(Long::longValue).sorted().toArray();

        System.out.printf("%n== %d sources in %d accounts, exports 10 min to 8 h (seed 7), snapshots over the %d hours "
                + "before the 05:00 schedule (seed 11); time x%.0f%n", sources, accounts, WINDOW.toHours(), speedup);
        System.out.printf("data age when queryable, schedule only     median %s   worst %s%n", hm(median(scheduled)),
                hm(scheduled[scheduled.length - 1]));
        System.out.printf("data age when queryable, snapshot events   median %s   worst %s%n", hm(median(events)),
                hm(events[events.length - 1]));
        System.out.printf("event runs over RDS's %d exports per account %d of %d sources would start while %d of their "
                + "account's exports run%n", SLOTS, overQuota(fleet, before), sources, SLOTS);
    }

    /** Sources whose export, started at their snapshot, would find their account's other event runs using every slot. */
    private static int overQuota(List<Source> fleet, Map<String, Duration> before) {
        int over = 0;
        for (Source source : fleet) {
            long start = -before.get(source.name()).toMillis();
            long running = fleet.stream().filter(o -> o != source && o.account().equals(source.account())).filter(o -> {
                long otherStart = -before.get(o.name()).toMillis();
                return otherStart <= start && start < otherStart + o.export().toMillis();
            }).count();
            if (running >= SLOTS) {
                over++;
            }
        }
        return over;
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static String hm(long millis) {
        Duration duration = Duration.ofMillis(millis);
        return String.format("%dh%02dm", duration.toHours(), duration.toMinutesPart());
    }
}
