package dev.analysisplatform.export;

import dev.analysisplatform.contract.Arns;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.contract.ValueRules;
import java.time.Instant;
import java.util.Comparator;

/**
 * What the exporter needs to know about one cluster or instance snapshot, whatever its kind. {@code databaseTag} is
 * the value of its {@link PlatformNames#DATABASE_TAG} tag, or null.
 */
public record Snapshot(String identifier, String arn, String status, String type, Instant createTime,
                       String databaseTag) {

    static final String AVAILABLE = "available";

    /** A snapshot without the tag: how automated ones (and tests that need no tag) are made. */
    public Snapshot(String identifier, String arn, String status, String type, Instant createTime) {
        this(identifier, arn, status, type, createTime, null);
    }

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

    /**
     * Whether this is {@code target}'s to export: an automated snapshot by its name (RDS lists it under its database),
     * any other kind only when tagged with the database's identifier, the one kind the reader role may export.
     */
    boolean belongsTo(DatabaseTarget target) {
        return ValueRules.AUTOMATED.equalsIgnoreCase(type) || target.identifier().equalsIgnoreCase(databaseTag);
    }

    /** The 12-digit account that owns the snapshot, read from its ARN. */
    String accountId() {
        return Arns.account(arn);
    }

    /** The region the snapshot is in, read from its ARN: its export must go to a bucket of that region. */
    String region() {
        return Arns.region(arn);
    }
}
