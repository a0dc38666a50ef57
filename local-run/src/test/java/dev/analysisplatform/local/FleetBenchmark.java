package dev.analysisplatform.local;

import dev.analysisplatform.local.FleetSimulation.Source;
import dev.analysisplatform.local.asl.ExecutionHistory;
import dev.analysisplatform.local.FleetSimulation.SourceResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;

/**
 * The fleet simulation of issue "A fleet of databases, on time", run by bench/fleet_simulation.sh: 60 sources in 12
 * accounts, first with every export taking 8 hours, then with export times drawn from 10 minutes to 8 hours, through
 * the synthesized definition in the local interpreter with time compressed. Prints the makespan next to its lower
 * bound, the largest execution history, the largest payload, cost drivers per source and how old each source's
 * data is when it becomes queryable.
 */
public final class FleetBenchmark {

    public static void main(String[] args) throws Exception {
        int sources = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        double speedup = args.length > 2 ? Double.parseDouble(args[2]) : 7_200;
        int slots = 5;
        Path dir = Files.createTempDirectory("fleet");
        report("every export 8 h", FleetSimulation.run(dir.resolve("a"), fleet(sources, accounts, null), slots, speedup),
                sources, accounts, slots, speedup);
        report("exports drawn from 10 min to 8 h (seed 7)", FleetSimulation.run(dir.resolve("b"),
                fleet(sources, accounts, new Random(7)), slots, speedup), sources, accounts, slots, speedup);
    }

    /** Source i lives in account i mod accounts; without {@code random}, every export takes 8 hours. */
    static List<Source> fleet(int count, int accounts, Random random) {
        List<Source> fleet = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String account = String.valueOf(200_000_000_000L + (i % accounts) * 1_111_111L);
            Duration export = random == null ? Duration.ofHours(8)
                    : Duration.ofMinutes(10 + random.nextInt(8 * 60 - 10 + 1));
            fleet.add(new Source(String.format("db_%03d", i), account, export, false));
        }
        return fleet;
    }

    private static void report(String title, FleetSimulation.Result run, int sources, int accounts, int slots,
                               double speedup) {
        System.out.printf("%n== %d sources in %d accounts, %d exports at once per account; %s (time x%.0f)%n",
                sources, accounts, slots, title, speedup);
        System.out.printf("status                 %s%s%n", run.status(), run.error() == null ? "" : " " + run.error());
        System.out.printf("makespan               %s   lower bound %s   (+%.1f%%)%n", hm(run.makespan()),
                hm(run.lowerBound()), 100.0 * (run.makespan().toMillis() - run.lowerBound().toMillis())
                        / run.lowerBound().toMillis());
        System.out.printf("executions             %d (1 run, %d accounts, %d sources)%n", run.executions(), accounts,
                sources);
        System.out.printf("largest history        %,d events in %s   (parent: %d; Step Functions' limit %,d)%n",
                run.largestEvents(), run.largestExecution().replaceAll("^[0-9a-f-]{36}", "<run>"), run.parentEvents(),
                ExecutionHistory.MAX_EVENTS);
        System.out.printf("largest payload        %,d bytes (limit 262,144)%n", run.largestPayloadBytes());
        System.out.printf("most exports at once   %d in one account%n", run.mostConcurrentInOneAccount());
        System.out.printf("per source             state transitions %s; Lambda invocations %s%n",
                spread(run.sources(), SourceResult::transitions), spread(run.sources(), SourceResult::invocations));
        System.out.printf("queued before export   %s%n", spreadHm(run.sources(), s -> s.startedAfter().toMillis()));
        System.out.printf("data age when queryable %s (snapshot taken at the run's start)%n",
                spreadHm(run.sources(), s -> s.finishedAfter().toMillis()));
        System.out.printf("late beyond own export %s (queueing + polling)%n", spreadHm(run.sources(),
                s -> s.finishedAfter().minus(s.source().export()).toMillis()));
        long failed = run.sources().stream().filter(s -> !"EXPORTED".equals(s.outcome())).count();
        System.out.printf("sources not exported   %d%n", failed);
    }

    private static String spread(List<SourceResult> sources, ToLongFunction<SourceResult> value) {
        long[] sorted = sources.stream().mapToLong(value).sorted().toArray();
        return "min " + sorted[0] + " / median " + sorted[sorted.length / 2] + " / max " + sorted[sorted.length - 1];
    }

    private static String spreadHm(List<SourceResult> sources, ToLongFunction<SourceResult> millis) {
        long[] sorted = sources.stream().mapToLong(millis).sorted().toArray();
        return "min " + hm(Duration.ofMillis(sorted[0])) + " / median " + hm(Duration.ofMillis(sorted[sorted.length / 2]))
                + " / max " + hm(Duration.ofMillis(sorted[sorted.length - 1]));
    }

    private static String hm(Duration duration) {
        return String.format("%dh%02dm", duration.toHours(), duration.toMinutesPart());
    }
}
