package dev.analysisplatform.environment;

import dev.analysisplatform.contract.PlatformNames;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything that differs between deployments (dev, prod, ...): one JSON file per environment under
 * {@code environments/}, read by both CDKTF apps. See README "Environment file reference".
 */
public record EnvironmentDefinition(
        String name,
        String analyticsAccountId,
        String region,
        String namePrefix,
        String exportBucketName,
        String exportPrefix,
        Schedule schedule,
        List<String> startOn,
        int exportRetentionDays,
        int logRetentionDays,
        int exportPollSeconds,
        int maxConcurrentExportsPerAccount,
        int athenaBytesScannedCutoffGb,
        int waitForSnapshotHours,
        String exportPricePerGb,
        List<String> notificationEmails,
        List<SourceDefinition> sources) {

    /** {@code startOn}: the daily schedule starts every source's run. */
    public static final String START_ON_SCHEDULE = "schedule";
    /** {@code startOn}: a new snapshot of a source starts that source's run (RDS's snapshot events). */
    public static final String START_ON_SNAPSHOT = "snapshot";

    public EnvironmentDefinition {
        startOn = List.copyOf(startOn);
        notificationEmails = List.copyOf(notificationEmails);
        sources = List.copyOf(sources);
    }

    public PlatformNames names() {
        return new PlatformNames(namePrefix, partition(), region, analyticsAccountId, exportBucketName, exportPrefix);
    }

    /** Derived from the region, so China and GovCloud deployments get the right ARNs. */
    public String partition() {
        return partitionOf(region);
    }

    public static String partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** The regions with an export bucket and key: the analytics region first, then the other sources' regions. */
    public List<String> exportRegions() {
        Set<String> regions = new LinkedHashSet<>();
        regions.add(region);
        regions.addAll(sourceRegions());
        return List.copyOf(regions);
    }

    public List<SourceDefinition> sourcesInRegion(String sourceRegion) {
        return sources.stream().filter(s -> regionOf(s).equals(sourceRegion)).toList();
    }

    /** The distinct accounts with a source in {@code sourceRegion}, in file order. */
    public List<String> sourceAccountIdsIn(String sourceRegion) {
        return sourcesInRegion(sourceRegion).stream().map(SourceDefinition::accountId).distinct().toList();
    }

    public boolean startsOnSchedule() {
        return startOn.contains(START_ON_SCHEDULE);
    }

    public boolean startsOnSnapshot() {
        return startOn.contains(START_ON_SNAPSHOT);
    }

    /** Where {@code source}'s database is: its own {@code region}, else the analytics region. */
    public String regionOf(SourceDefinition source) {
        return source.region() == null ? region : source.region();
    }

    /** The distinct regions of the sources, in file order. */
    public List<String> sourceRegions() {
        Set<String> regions = new LinkedHashSet<>();
        sources.forEach(s -> regions.add(regionOf(s)));
        return List.copyOf(regions);
    }

    /** The distinct source accounts, in file order. */
    public List<String> sourceAccountIds() {
        Set<String> accounts = new LinkedHashSet<>();
        sources.forEach(s -> accounts.add(s.accountId()));
        return List.copyOf(accounts);
    }

    public List<SourceDefinition> sourcesIn(String accountId) {
        return sources.stream().filter(s -> s.accountId().equals(accountId)).toList();
    }
}
