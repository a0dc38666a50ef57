package dev.analysisplatform.export;

import java.time.Instant;
import java.util.Comparator;

/** What the exporter needs to know about one cluster or instance snapshot, whatever its kind. */
public record Snapshot(String identifier, String arn, String status, String type, Instant createTime) {

    static final String AVAILABLE = "available";

    /**
     * Oldest first, so max() is the newest; equal creation times fall back to the identifier, so every run picks
     * the same one.
     */
    static final Comparator<Snapshot> NEWEST_LAST = Comparator
            .comparing(Snapshot::createTime, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Snapshot::identifier);

    boolean isAvailable() {
        return AVAILABLE.equalsIgnoreCase(status);
    }

    /** The 12-digit account that owns the snapshot, read from its ARN. */
    String accountId() {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? parts[4] : "";
    }
}
