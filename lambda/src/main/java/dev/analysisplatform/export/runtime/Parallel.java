package dev.analysisplatform.export.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Fan-out of independent AWS calls: registering a table costs about ten sequential Glue and S3 calls, and a run's
 * summary reads one object per source, so neither would fit a Lambda timeout one at a time at fleet size.
 */
public final class Parallel {

    private Parallel() {
    }

    /**
     * Runs {@code task} for 0..count-1 on {@code threads} threads. Every task runs to its end; then the first
     * failure, if any, is thrown.
     */
    public static void run(int threads, int count, IntConsumer task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.accept(index)));
            }
            RuntimeException first = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException runtime ? runtime
                                : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for parallel calls", e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

}
