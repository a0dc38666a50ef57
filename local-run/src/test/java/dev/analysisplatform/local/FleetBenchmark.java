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

    /** Regions the sources are spread over, in order. */
    static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-northeast-1", "us-west-2", "eu-central-1");

    public static void main(String[] args) throws Exception {
        int sources = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int regions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        // 360x: an 8-hour export takes 80 s. Faster, the 1,600 child executions' start-up (seconds of real time on two
        // cores) shows up as hours of simulated queueing.
        double speedup = args.length > 3 ? Double.parseDouble(args[3]) : 360;
        int slots = 5;
        Path dir = Files.createTempDirectory("fleet");
        String fleet = sources + " sources in " + accounts + " accounts and " + regions + " regions";
        report(fleet, "every export 8 h", FleetSimulation.run(dir.resolve("a"),
                fleet(sources, accounts, regions, null, false), slots, speedup), slots, speedup);
        report(fleet, "exports drawn from 10 min to 8 h (seed 7)", FleetSimulation.run(dir.resolve("b"),
                fleet(sources, accounts, regions, new Random(7), false), slots, speedup), slots, speedup);
        report(fleet, "every export fails", FleetSimulation.run(dir.resolve("c"),
                fleet(sources, accounts, regions, new Random(7), true), slots, speedup), slots, speedup);
    }

    /**
     * Source i lives in account i mod accounts, in region (i / accounts) mod regions; without {@code random}, every
     * export takes 8 hours.
     */
    static List<Source> fleet(int count, int accounts, int regions, Random random, boolean fail) {
        List<Source> fleet = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String account = String.valueOf(200_000_000_000L + (i % accounts) * 1_111_111L);
            String region = REGIONS.get((i / accounts) % regions);
            Duration export = random == null ? Duration.ofHours(8)
                    : Duration.ofMinutes(10 + random.nextInt(8 * 60 - 10 + 1));
            fleet.add(new Source(String.format("db_%04d", i), account, region, export, fail));
        }
        return fleet;
    }

    private static void report(String fleet, String title, FleetSimulation.Result run, int slots, double speedup) {
        int sources = run.sources().size();
        System.out.printf("%n== %s, %d exports at once per account and region; %s (time x%.0f)%n",
                fleet, slots, title, speedup);
        System.out.printf("status                 %s%s%n", run.status(), run.error() == null ? "" : " " + run.error());
        boolean failing = run.sources().stream().allMatch(s -> s.source().fails());
        if (failing) {
            System.out.printf("makespan               %s   (exports fail halfway: no lower bound)%n", hm(run.makespan()));
        } else {
            System.out.printf("makespan               %s   lower bound %s   (+%.1f%%)%n", hm(run.makespan()),
                    hm(run.lowerBound()), 100.0 * (run.makespan().toMillis() - run.lowerBound().toMillis())
                            / run.lowerBound().toMillis());
        }
        System.out.printf("executions             %d (1 run, its account-and-region groups, %d sources)%n",
                run.executions(), sources);
        System.out.printf("largest history        %,d events in %s   (parent: %d; %.1f%% of Step Functions' limit %,d)%n",
                run.largestEvents(), run.largestExecution().replaceAll("^[0-9a-f-]{36}", "<run>"), run.parentEvents(),
                100.0 * run.largestEvents() / ExecutionHistory.MAX_EVENTS, ExecutionHistory.MAX_EVENTS);
        System.out.printf("largest payload        %,d bytes (%.1f%% of the 262,144-byte limit)%n",
                run.largestPayloadBytes(), 100.0 * run.largestPayloadBytes() / 262_144);
        System.out.printf("failure cause          %s%n", run.cause() == null ? "none (the run succeeded)"
                : String.format("%,d characters (AWS keeps 32,768)", run.cause().length()));
        System.out.printf("run records in S3      %,d bytes (plan, outcomes, map results, report)%n", run.runRecordBytes());
        System.out.printf("most exports at once   %d in one account and region%n", run.mostConcurrentInOneAccount());
        System.out.printf("per source             state transitions %s; Lambda invocations %s%n",
                spread(run.sources(), SourceResult::transitions), spread(run.sources(), SourceResult::invocations));
        System.out.printf("queued before export   %s%n", spreadHm(run.sources(), s -> s.startedAfter().toMillis()));
        if (!failing) {
            System.out.printf("data age when queryable %s (snapshot taken at the run's start)%n",
                    spreadHm(run.sources(), s -> s.finishedAfter().toMillis()));
            System.out.printf("late beyond own export %s (queueing + polling)%n", spreadHm(run.sources(),
                    s -> s.finishedAfter().minus(s.source().export()).toMillis()));
            System.out.printf("lateness per source    %s%n", perSource(run.sources()));
        }
        long failed = run.sources().stream().filter(s -> !"EXPORTED".equals(s.outcome())).count();
        System.out.printf("sources not exported   %d%n", failed);
    }

    /** Every source's lateness beyond its own export, in minutes, as a histogram (how late each source's data is). */
    private static String perSource(List<SourceResult> sources) {
        java.util.TreeMap<Long, Integer> buckets = new java.util.TreeMap<>();
        for (SourceResult s : sources) {
            long minutes = s.finishedAfter().minus(s.source().export()).toMinutes();
            buckets.merge(minutes < 15 ? 0 : minutes < 60 ? 15 : minutes < 240 ? 60 : 240L, 1, Integer::sum);
        }
        return "<15 min: " + buckets.getOrDefault(0L, 0) + ", 15-60 min: " + buckets.getOrDefault(15L, 0)
                + ", 1-4 h: " + buckets.getOrDefault(60L, 0) + ", >4 h: " + buckets.getOrDefault(240L, 0) + " sources";
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
