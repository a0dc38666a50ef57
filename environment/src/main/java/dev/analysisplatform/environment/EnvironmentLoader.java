package dev.analysisplatform.environment;

import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.contract.NearestName;
import dev.analysisplatform.contract.ValueRules;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads and validates {@code environments/<name>.json}. Every error names the file and the field path
 * (e.g. {@code environments/dev.json: sources[1].accountId: ...}); unknown keys are errors, because a
 * misspelt optional key would otherwise be silently ignored.
 */
public final class EnvironmentLoader {

    public static final String DIRECTORY = "environments";

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern NAME_PREFIX = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");
    private static final Pattern SCHEDULE = Pattern.compile("(cron|rate)\\(.+\\)");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("analyticsAccountId", "region", "namePrefix",
            "exportBucketName", "exportPrefix", "schedule", "startOn", "exportRetentionDays", "logRetentionDays",
            "exportPollSeconds", "maxConcurrentExportsPerAccount", "exportPricePerGb", "athenaBytesScannedCutoffGb", "notificationEmails", "sources",
            "waitForSnapshotHours", "$comment");
    private static final Set<String> SCHEDULE_KEYS = Set.of("expression", "timeZone");
    private static final Set<String> SOURCE_KEYS = Set.of("name", "accountId", "dbClusterIdentifier",
            "dbInstanceIdentifier", "snapshotTypes", "exportOnly", "externalId", "maxSnapshotAgeHours", "region");

    /**
     * An export prefix that is not one of the run's own (RunRecords): lifecycle would expire the configured sources
     * with the exports, and source accounts' export roles could write run records.
     */
    static String exportPrefix(String value) {
        String shape = ValueRules.prefix(value);
        if (shape != null) {
            return shape;
        }
        String top = value.split("/")[0];
        return top.equals(dev.analysisplatform.contract.RunRecords.PREFIX)
                || dev.analysisplatform.contract.RunRecords.CONFIGURED_SOURCES_KEY.startsWith(top + "/")
                ? "not '" + top + "/...': the run keeps its own records there" : null;
    }

    /** A region name where RDS exports snapshots to S3 (the analytics region holds the exports of its sources). */
    static String exportRegion(String value) {
        String shape = ValueRules.region(value);
        return shape != null ? shape : ExportRegions.notOffered(value);
    }

    /** CloudWatch Logs accepts only these retention values. */
    private static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();
    private final Path directory;

    public EnvironmentLoader(Path directory) {
        this.directory = directory;
    }

    /**
     * Every {@code *.json} in the directory, sorted by name: each becomes a stack of the same name. Any broken file
     * fails the whole load, naming every mistake of every file: leaving one environment out would let synth succeed
     * and a later {@code cdktf deploy <env>} meet only "Could not find stack".
     */
    public List<EnvironmentDefinition> loadAll() {
        List<EnvironmentDefinition> valid = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (Path file : files()) {
            try {
                valid.add(load(file));
            } catch (InvalidEnvironmentException e) {
                broken.add(e.getMessage());
            }
        }
        if (!broken.isEmpty()) {
            throw new InvalidEnvironmentException(String.join("\n", broken) + "\nNothing was synthesized: fix "
                    + (broken.size() == 1 ? "this file" : "these " + broken.size() + " files")
                    + " (every environment under " + DIRECTORY + "/ is part of the app).");
        }
        return valid;
    }

    private List<Path> files() {
        if (!Files.isDirectory(directory)) {
            throw new InvalidEnvironmentException("No environment directory at " + directory);
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> all = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            if (all.isEmpty()) {
                throw new InvalidEnvironmentException("No environment files (*.json) in " + directory);
            }
            return all;
        } catch (IOException e) {
            throw new InvalidEnvironmentException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    public EnvironmentDefinition load(String name) {
        return load(directory.resolve(name + ".json"));
    }

    EnvironmentDefinition load(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".json".length());
        String where = DIRECTORY + "/" + fileName;
        if (!ENVIRONMENT_NAME.matcher(name).matches()) {
            throw new InvalidEnvironmentException(where + ": the file name is the environment (and stack) name and "
                    + "must be 1-20 lowercase letters, digits and '-', starting with a letter");
        }
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new InvalidEnvironmentException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidEnvironmentException(where + ": cannot be read: " + e.getMessage(), e);
        }
        return new Reader(where).environment(name, root);
    }

    /** Walks one file's JSON tree, carrying the file name for messages. */
    private static final class Reader extends FieldReader {

        Reader(String file) {
            super(file);
        }

        EnvironmentDefinition environment(String name, JsonNode parsed) {
            JsonNode root = parsed;
            if (parsed != null && parsed.isObject() && parsed.has("maxConcurrentSources")) {
                // Named once, by what replaced it, not again as an unknown key.
                root = ((com.fasterxml.jackson.databind.node.ObjectNode) parsed.deepCopy()).without("maxConcurrentSources");
                mistake("maxConcurrentSources", "was replaced by maxConcurrentExportsPerAccount (1-5, default 4): "
                        + "sources in different accounts now run in parallel, and RDS's limit of 5 concurrent "
                        + "exports is per account");
            }
            return fields(name, root);
        }

        private EnvironmentDefinition fields(String name, JsonNode root) {
            object(root, "(top level)", TOP_LEVEL_KEYS);
            EnvironmentDefinition environment = new EnvironmentDefinition(
                    name,
                    attempt(() -> text(root, "analyticsAccountId", "", matching(ACCOUNT_ID, "a 12-digit AWS account id")), null),
                    attempt(() -> text(root, "region", "", EnvironmentLoader::exportRegion), null),
                    attempt(() -> text(root, "namePrefix", "", matching(NAME_PREFIX,
                            "3-32 lowercase letters, digits and '-' (it prefixes every resource name)")), null),
                    attempt(() -> text(root, "exportBucketName", "", ValueRules::bucket), null),
                    attempt(() -> optionalText(root, "exportPrefix", "", Defaults.EXPORT_PREFIX, EnvironmentLoader::exportPrefix),
                            null),
                    attempt(() -> schedule(root.get("schedule")), null),
                    attempt(() -> startOn(root.get("startOn")), List.of()),
                    attempt(() -> integer(root, "exportRetentionDays", 90, 1, 3650), 0),
                    attempt(() -> logRetention(root), 0),
                    attempt(() -> integer(root, "exportPollSeconds", 300, 10, 3600), 0),
                    // RDS runs at most 5 exports per account at once; leave room for the account's own.
                    attempt(() -> integer(root, "maxConcurrentExportsPerAccount", 4, 1, 5), 0),
                    attempt(() -> integer(root, "athenaBytesScannedCutoffGb", 10, 1, 100_000), 0),
                    // Below the execution's 23-hour timeout, with room for the exports themselves.
                    attempt(() -> integer(root, "waitForSnapshotHours", Defaults.WAIT_FOR_SNAPSHOT_HOURS, 0, 12), 0),
                    attempt(() -> price(root), null),
                    attempt(() -> emails(root.get("notificationEmails")), List.of()),
                    attempt(() -> sources(root.get("sources")), List.of()));
            sourceRegions(environment);
            throwMistakes();
            return environment;
        }

        /**
         * A source in another region gets that region's export bucket and access-log bucket, named after the
         * analytics region's ones (PlatformNames): those names must be valid S3 names too, and the region must be in the
         * analytics region's partition (one set of ARNs, one account).
         */
        private void sourceRegions(EnvironmentDefinition environment) {
            if (environment.region() == null || environment.exportBucketName() == null || environment.namePrefix() == null
                    || environment.analyticsAccountId() == null) {
                return;
            }
            for (int i = 0; i < environment.sources().size(); i++) {
                String region = environment.sources().get(i).region();
                if (region == null || region.equals(environment.region())) {
                    continue;
                }
                String at = "sources[" + i + "].region";
                if (!EnvironmentDefinition.partitionOf(region).equals(environment.partition())) {
                    mistake(at, "'" + region + "' is in partition " + EnvironmentDefinition.partitionOf(region)
                            + ", the analytics region '" + environment.region() + "' in " + environment.partition()
                            + ": one environment stays in one partition");
                    continue;
                }
                if (environment.partition().equals("aws-cn")) {
                    mistake(at, "'" + region + "' is not the analytics region, and Athena does not query across regions "
                            + "in the China regions (Athena user guide, \"Query across regions\"): deploy an environment "
                            + "in '" + region + "' for this source");
                    continue;
                }
                for (String bucket : List.of(environment.names().exportBucketName(region),
                        environment.names().accessLogBucketName(region))) {
                    String problem = ValueRules.bucket(bucket);
                    if (problem != null) {
                        mistake(at, "'" + region + "' needs a bucket named '" + bucket + "' (" + bucket.length()
                                + " characters), which is not " + problem + ": shorten exportBucketName or namePrefix");
                    }
                }
            }
        }

        /** A price as a string ("0.010", exact) or a JSON number (0.01), kept as the decimal text written. */
        private String price(JsonNode root) {
            JsonNode value = root.get("exportPricePerGb");
            if (value != null && value.isNumber()) {
                String text = value.decimalValue().toPlainString();
                String problem = ValueRules.pricePerGb(text);
                if (problem != null) {
                    throw error("exportPricePerGb", "must be " + problem + ", got " + value);
                }
                return text;
            }
            return optionalText(root, "exportPricePerGb", "", Defaults.EXPORT_PRICE_PER_GB_USD, ValueRules::pricePerGb);
        }

        private Schedule schedule(JsonNode node) {
            if (node == null || node.isNull()) {
                return Schedule.DEFAULT;
            }
            object(node, "schedule", SCHEDULE_KEYS);
            String expression = optionalText(node, "expression", "schedule.", Schedule.DEFAULT.expression(),
                    matching(SCHEDULE, "an EventBridge Scheduler expression such as cron(0 5 * * ? *)"));
            String problem = ScheduleExpressions.problem(expression);
            if (problem != null) {
                throw error("schedule.expression", "'" + expression + "': " + problem);
            }
            String frequent = ScheduleExpressions.tooFrequent(expression, Defaults.RUN_TIMEOUT_HOURS);
            if (frequent != null) {
                throw error("schedule.expression", frequent);
            }
            String zone = optionalText(node, "timeZone", "schedule.", Schedule.DEFAULT.timeZone(), null);
            // Scheduler takes IANA names only; java.time also parses offsets such as GMT+5, which Scheduler refuses.
            if (!ZoneId.getAvailableZoneIds().contains(zone)) {
                throw error("schedule.timeZone", "must be an IANA time zone such as Europe/Berlin, got '" + zone + "'");
            }
            return new Schedule(expression, zone);
        }

        /** What starts a run: the schedule, each source's new snapshots, or both (the default). */
        private List<String> startOn(JsonNode node) {
            List<String> both = List.of(EnvironmentDefinition.START_ON_SCHEDULE, EnvironmentDefinition.START_ON_SNAPSHOT);
            if (node == null || node.isNull()) {
                return both;
            }
            List<String> values = strings(node, "startOn");
            if (values.isEmpty() || new HashSet<>(values).size() != values.size()) {
                throw error("startOn", "must list \"schedule\", \"snapshot\" or both, each once, got " + node);
            }
            for (int i = 0; i < values.size(); i++) {
                if (!both.contains(values.get(i))) {
                    throw error("startOn[" + i + "]", "'" + values.get(i) + "' is neither \"schedule\" (the daily run) nor "
                            + "\"snapshot\" (a run for a source when RDS reports its new snapshot)"
                            + NearestName.suggestion(values.get(i), both));
                }
            }
            return both.stream().filter(values::contains).toList();
        }

        private List<String> emails(JsonNode node) {
            List<String> emails = strings(node, "notificationEmails");
            for (int i = 0; i < emails.size(); i++) {
                if (!EMAIL.matcher(emails.get(i)).matches()) {
                    throw error("notificationEmails[" + i + "]", "must be an e-mail address, got '" + emails.get(i) + "'");
                }
            }
            return emails;
        }

        private List<SourceDefinition> sources(JsonNode node) {
            if (node == null || !node.isArray() || node.isEmpty()) {
                throw error("sources", "must be a non-empty array of sources");
            }
            List<SourceDefinition> sources = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Set<String> databases = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                String at = "sources[" + i + "].";
                int index = i;
                // A source with a mistake is left out of the cross-source checks (its mistakes are recorded).
                SourceDefinition source = attempt(() -> source(node.get(index), "sources[" + index + "]"), null);
                if (source != null) {
                    check(() -> unique(source, at, sources, names, databases));
                    sources.add(source);
                }
            }
            return sources;
        }

        /** Names, databases and ExternalIds that must not repeat or differ across sources. */
        private void unique(SourceDefinition source, String at, List<SourceDefinition> earlier, Set<String> names,
                            Set<String> databases) {
            if (!names.add(source.name())) {
                throw error(at + "name", "'" + source.name() + "' is used by more than one source; names must be unique");
            }
            String cluster = source.dbClusterIdentifier();
            // RDS identifiers are case-insensitive (RDS stores them lowercase): Orders-DB and orders-db are one.
            if (!databases.add(source.accountId() + "/" + (cluster != null ? "cluster/" + cluster
                    : "db/" + source.dbInstanceIdentifier()).toLowerCase(java.util.Locale.ROOT))) {
                throw error(at + (cluster != null ? "dbClusterIdentifier" : "dbInstanceIdentifier"),
                        "the same database is listed twice in account " + source.accountId());
            }
            for (SourceDefinition other : earlier) {
                if (other.accountId().equals(source.accountId())
                        && !java.util.Objects.equals(other.externalId(), source.externalId())) {
                    throw error(at + "externalId", "differs from source '" + other.name() + "' in the same account "
                            + source.accountId() + "; an account has one reader role, so its sources share one ExternalId");
                }
            }
        }

        /** One source's fields, each checked by the rule the functions apply to it. */
        private SourceDefinition source(JsonNode source, String path) {
            String at = path + ".";
            int before = mistakes();
            object(source, path, SOURCE_KEYS);
            // Twelve digits would read as an account's folder (exports/<account>/...), where the exports of every
            // source used to start before the account segment: such a name could land inside another account's folder.
            String name = attempt(() -> text(source, "name", at, value -> value.matches("\\d{12}")
                    ? "not twelve digits (an account id's shape; exports are kept by account)"
                    : ValueRules.sourceName(value)), null);
            String account = attempt(() -> text(source, "accountId", at,
                    matching(ACCOUNT_ID, "a 12-digit AWS account id")), null);
            int identifiers = mistakes();
            String cluster = attempt(() -> optionalText(source, "dbClusterIdentifier", at, null, ValueRules::dbIdentifier), null);
            String instance = attempt(() -> optionalText(source, "dbInstanceIdentifier", at, null, ValueRules::dbIdentifier), null);
            if (mistakes() == identifiers && (cluster == null) == (instance == null)) {
                mistake(at + "dbClusterIdentifier", "set exactly one of dbClusterIdentifier (Aurora) and "
                        + "dbInstanceIdentifier (RDS instance)");
            }
            List<String> types = attempt(() -> {
                List<String> read = strings(source.get("snapshotTypes"), at + "snapshotTypes");
                each(read, at + "snapshotTypes", ValueRules::snapshotType);
                return read;
            }, List.of());
            List<String> exportOnly = attempt(() -> {
                List<String> read = strings(source.get("exportOnly"), at + "exportOnly");
                String tooMany = ValueRules.exportOnlyCount(read.size());
                if (tooMany != null) {
                    throw error(at + "exportOnly", tooMany);
                }
                each(read, at + "exportOnly", ValueRules::exportOnlyEntry);
                return read;
            }, List.of());
            String externalId = attempt(() -> optionalText(source, "externalId", at, null, ValueRules::externalId), null);
            int maxAge = attempt(() -> integer(source, at, "maxSnapshotAgeHours", Defaults.MAX_SNAPSHOT_AGE_HOURS, 1,
                    24 * 30), 0);
            String region = attempt(() -> optionalText(source, "region", at, null, EnvironmentLoader::exportRegion), null);
            if (mistakes() > before || name == null || account == null) {
                return null;
            }
            return new SourceDefinition(name, account, cluster, instance,
                    types.isEmpty() ? Defaults.SNAPSHOT_TYPES : types, exportOnly, externalId, maxAge, region);
        }

        private int logRetention(JsonNode root) {
            int days = integer(root, "logRetentionDays", 30, 1, 3653);
            if (!LOG_RETENTION_DAYS.contains(days)) {
                throw error("logRetentionDays", "must be a CloudWatch Logs retention value " + LOG_RETENTION_DAYS);
            }
            return days;
        }
    }
}
