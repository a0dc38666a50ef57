package dev.analysisplatform.cdktf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analysisplatform.contract.ValueRules;
import dev.analysisplatform.environment.SourceDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which RDS events say a source has a new snapshot, as EventBridge patterns. Both apps build their rules from this one
 * class (the source account's rule that forwards, the analytics bus's rule that starts the run), so they cannot drift
 * apart.
 *
 * <p>RDS publishes to EventBridge (source {@code aws.rds}) with {@code detail.EventID} (Amazon RDS User Guide, "Amazon
 * RDS event categories and event messages"): RDS-EVENT-0091 "Automated snapshot created" and RDS-EVENT-0042 "Manual
 * snapshot created" (detail-type "RDS DB Snapshot Event"), RDS-EVENT-0169 "Automated cluster snapshot created" and
 * RDS-EVENT-0075 "Manual cluster snapshot created" ("RDS DB Cluster Snapshot Event"). Shared snapshots are created in
 * another account and AWS Backup's are not announced as such: the schedule exports those.
 */
public final class SnapshotEvents {

    public static final String AUTOMATED = ValueRules.AUTOMATED;
    public static final String MANUAL = "manual";
    /** The snapshot types whose creation RDS announces in the source account. */
    public static final List<String> ANNOUNCED = List.of(AUTOMATED, MANUAL);

    static final String INSTANCE_DETAIL_TYPE = "RDS DB Snapshot Event";
    static final String CLUSTER_DETAIL_TYPE = "RDS DB Cluster Snapshot Event";
    private static final Map<String, String> INSTANCE_EVENTS = Map.of(AUTOMATED, "RDS-EVENT-0091", MANUAL, "RDS-EVENT-0042");
    private static final Map<String, String> CLUSTER_EVENTS = Map.of(AUTOMATED, "RDS-EVENT-0169", MANUAL, "RDS-EVENT-0075");

    private SnapshotEvents() {
    }

    /** The source's snapshot types that come with an event, in {@link #ANNOUNCED} order. */
    public static List<String> announcedTypes(SourceDefinition source) {
        return ANNOUNCED.stream().filter(source.snapshotTypes()::contains).toList();
    }

    /**
     * Events of one source's snapshots of one type. Automated snapshots are named {@code rds:<database>-<date>}, so
     * their events are limited to the database by that prefix (RDS stores identifiers in lowercase). A manual
     * snapshot's name says nothing about its database: every manual snapshot of the account starts the source's run,
     * which exports only snapshots tagged for it (and finds an already exported one otherwise). A prefix also matches
     * a database whose identifier extends this one's ({@code orders-archive} for {@code orders}): that run, too, finds
     * this database's newest snapshot and starts nothing new.
     *
     * @param account the source account, for the analytics bus (which receives every source account's events); null
     *                in the source account itself
     * @param region  the source's region, for the analytics bus (which receives events forwarded from every source
     *                region); null in the source account, whose rule is in that region
     */
    public static String patternJson(SourceDefinition source, String type, String account, String region) {
        try {
            return new ObjectMapper().writeValueAsString(pattern(source, type, account, region));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render an event pattern", e);
        }
    }

    /** {@link #patternJson} as data. */
    public static Map<String, Object> pattern(SourceDefinition source, String type, String account, String region) {
        boolean cluster = source.dbClusterIdentifier() != null;
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("EventID", List.of((cluster ? CLUSTER_EVENTS : INSTANCE_EVENTS).get(type)));
        if (type.equals(AUTOMATED)) {
            String database = (cluster ? source.dbClusterIdentifier() : source.dbInstanceIdentifier()).toLowerCase(Locale.ROOT);
            detail.put("SourceIdentifier", List.of(Map.of("prefix", "rds:" + database + "-")));
        }
        Map<String, Object> pattern = new LinkedHashMap<>();
        if (account != null) {
            pattern.put("account", List.of(account));
        }
        if (region != null) {
            pattern.put("region", List.of(region));
        }
        pattern.put("source", List.of("aws.rds"));
        pattern.put("detail-type", List.of(cluster ? CLUSTER_DETAIL_TYPE : INSTANCE_DETAIL_TYPE));
        pattern.put("detail", detail);
        return pattern;
    }
}
