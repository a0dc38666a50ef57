package dev.analysisplatform.export.runtime;

import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Lambda SnapStart takes a snapshot of the initialised function when a version is published and resumes every
 * cold start from it. Work done in {@code beforeCheckpoint} is in that snapshot: the primers given here run the SDK's
 * request and response paths (marshalling, signing, unmarshalling) against {@link CannedHttpClient}, so the first real
 * invocation after a restore does not load and initialise them. They call no AWS endpoint and keep nothing: their
 * clients and credentials are throwaway, and the function's own clients resolve credentials per request, so nothing
 * stale survives a restore ("Handling uniqueness and network connections with Lambda SnapStart", Lambda guide).
 * Outside SnapStart (the local run, the CLI) the hook never fires.
 */
public final class SnapStartPriming implements Resource {

    /** org.crac holds resources weakly: registered primers stay reachable from here. */
    private static final List<SnapStartPriming> REGISTERED = new ArrayList<>();

    private final Runnable primer;

    private SnapStartPriming(Runnable primer) {
        this.primer = primer;
    }

    /** Runs {@code primer} before SnapStart's checkpoint; call once from the handler's constructor. */
    public static synchronized void register(Runnable primer) {
        SnapStartPriming resource = new SnapStartPriming(primer);
        REGISTERED.add(resource);
        Core.getGlobalContext().register(resource);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime(primer);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: priming kept no client, connection or credential.
    }

    /** Runs a primer; a failing primer costs only the speed-up, never the snapshot, so it is reported and ignored. */
    public static void prime(Runnable primer) {
        try {
            primer.run();
        } catch (RuntimeException e) {
            System.err.println("SnapStart priming skipped: " + e);
        }
    }
}
