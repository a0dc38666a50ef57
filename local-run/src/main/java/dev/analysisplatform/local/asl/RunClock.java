package dev.analysisplatform.local.asl;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Time as an execution experiences it: what {@code $$.Execution.StartTime} and {@code $$.State.EnteredTime} read, and
 * how long a Wait state or a retry interval takes. The local run keeps real time and shortens long waits; the fleet
 * simulation compresses time, so an 8-hour export takes seconds and every timestamp still reads as if it had taken
 * 8 hours.
 */
public interface RunClock {

    /** The current time in the execution's world, to the millisecond as Step Functions reports it. */
    Instant now();

    /** Lets {@code requested} of the execution's time pass; returns the real time spent. */
    Duration pass(Duration requested);

    /** Real time; a wait longer than {@code maxWait} is cut to {@code maxWait} (the local run, tests). */
    static RunClock capped(Duration maxWait) {
        return new RunClock() {
            @Override
            public Instant now() {
                return Instant.now().truncatedTo(ChronoUnit.MILLIS);
            }

            @Override
            public Duration pass(Duration requested) {
                Duration wait = requested.compareTo(maxWait) > 0 ? maxWait : requested;
                sleep(wait);
                return wait;
            }
        };
    }

    /** {@code factor} seconds of the execution's time per real second, counted from {@code origin}. */
    static RunClock compressed(Instant origin, double factor) {
        long started = System.nanoTime();
        return new RunClock() {
            @Override
            public Instant now() {
                long virtualNanos = (long) ((System.nanoTime() - started) * factor);
                return origin.plusNanos(virtualNanos).truncatedTo(ChronoUnit.MILLIS);
            }

            @Override
            public Duration pass(Duration requested) {
                Duration wait = Duration.ofNanos((long) (requested.toNanos() / factor));
                sleep(wait);
                return wait;
            }
        };
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
