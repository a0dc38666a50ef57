package dev.analysisplatform.local.asl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A Map state's iterations: at most {@code maxConcurrency} at a time (0: all), results in item order. */
final class Parallel {

    private Parallel() {
    }

    static <T> List<T> all(List<Callable<T>> tasks, int maxConcurrency) {
        int threads = Math.max(1, maxConcurrency <= 0 ? tasks.size() : Math.min(maxConcurrency, tasks.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            tasks.forEach(task -> futures.add(pool.submit(task)));
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            // An iteration's failure is the Map state's failure, as it is (an ExecutionFailed, a runtime error).
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
