package dev.analysisplatform.export.catalog;

import dev.analysisplatform.export.runtime.Parallel;
import dev.analysisplatform.export.runtime.AwsErrors;
import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.errors.CatalogRegistrationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import dev.analysisplatform.export.errors.CatalogAccessDeniedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Registers a completed export in the Glue Data Catalog from RDS's own metadata files (exact columns, no
 * crawler). Per exported table, two tables:
 * <ul>
 *   <li>{@code <name>}: always the newest registered export, one partition per RDS partition folder;</li>
 *   <li>{@code <name>_history}: every registered export, partitioned by export task and RDS partition folder,
 *       until the bucket's lifecycle removes the files.</li>
 * </ul>
 * Re-registering the same export changes nothing; registering an older export never moves {@code <name>} back,
 * also while other registrations run at once (see {@link GlueTables}); the partitions of {@code <name>} always
 * follow the export the table points to. The result is a bounded {@link RegistrationSummary}: the per-table
 * detail goes to the log, one line per table.
 */
public final class CatalogRegistrar {

    static final String PARTITION_KEY = "rds_partition";
    static final String EXPORT_KEY = "export_task";
    static final String EXPORT_PARAMETER = "analysis_platform.export_task";
    static final String SNAPSHOT_TIME_PARAMETER = "analysis_platform.snapshot_create_time";
    static final String SNAPSHOT_PARAMETER = "analysis_platform.snapshot";
    /** The current table's partition values, as given with its export: moving it needs no partition listing. */
    static final String PARTITIONS_PARAMETER = "analysis_platform.partitions";
    /** Each retry follows a change by another registration; more than this many in a row is not a race. */
    static final int MAX_ATTEMPTS = 10;
    private static final String SKIPPED_BY_TASK = "skipped by RDS (the export task's WarningMessage)";
    /** Tables registered at once (see Parallel); Glue and S3 throttling is absorbed by the SDK's standard retries. */
    static final int THREADS = 8;
    private static final String INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    private static final String OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    private static final String SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

    private final S3Client s3;
    private final GlueTables tables;

    public CatalogRegistrar(GlueClient glue, S3Client s3, String database) {
        this.s3 = s3;
        this.tables = new GlueTables(glue, database);
    }

    public Map<String, Object> register(RegisteredExport export, DecisionLog log) {
        try {
            return registerOrThrow(export, log).toJson();
        } catch (SdkException e) {
            var misconfigured = AwsErrors.misconfigured(e);
            if (misconfigured != null) {
                throw misconfigured;
            }
            if (AwsErrors.isTransient(e)) {
                throw AwsErrors.unavailable("Glue or S3 (registering " + export.exportTaskIdentifier() + " in "
                        + tables.database + " from s3://" + export.s3Bucket() + ")", e);
            }
            if (isAccessDenied(e)) {
                throw accessDenied((AwsServiceException) e, export);
            }
            throw e;
        }
    }

    private static boolean isAccessDenied(SdkException e) {
        return e instanceof AwsServiceException service && (service.statusCode() == 403
                || AwsErrors.code(service).contains("AccessDenied"));
    }

    /** Which permission to check, and where it is granted: the start step names its denials the same way. */
    private CatalogAccessDeniedException accessDenied(AwsServiceException e, RegisteredExport export) {
        String service = e.awsErrorDetails() == null ? "AWS" : e.awsErrorDetails().serviceName();
        String message = String.valueOf(e.getMessage());
        String check;
        if (message.contains("kms:") || AwsErrors.code(e).startsWith("KMS")) {
            check = "kms:Decrypt on the export key: the key policy must allow the register function's role, and the "
                    + "role's DecryptExportMetadata statement must name the key";
        } else if ("S3".equalsIgnoreCase(service)) {
            check = "s3:ListBucket on s3://" + export.s3Bucket() + " (prefix " + export.s3Prefix() + "/*) and "
                    + "s3:GetObject on its export_tables_info_* files: the register function's role (ListExports, "
                    + "ReadExportMetadata) and the bucket policy";
        } else {
            check = "the Glue actions of the register function's role (WriteExportTables: GetTables, CreateTable, "
                    + "UpdateTable, DeleteTable, BatchCreatePartition, BatchUpdatePartition, ...) on database "
                    + tables.database + " and its tables; if Lake Formation governs the database, its grants too";
        }
        return new CatalogAccessDeniedException(service + " denied registering export " + export.exportTaskIdentifier()
                + " (" + AwsErrors.code(e) + ": " + message + "). Check " + check + ".", e);
    }

    private RegistrationSummary registerOrThrow(RegisteredExport export, DecisionLog log) {
        ExportFiles files = new ExportFiles(s3, export.s3Bucket());
        files.index(export.exportRoot());
        ExportTablesInfo info = readMetadata(files, export);
        tables.requireDatabase();
        TaskWarnings task = TaskWarnings.parse(export.warningMessage());
        List<String> warnings = new ArrayList<>(info.warnings);
        task.general.forEach(g -> warnings.add("export task: " + g));
        SourceTables catalog = SourceTables.read(tables, export.sourceName());
        Set<String> retained = retainedExports(files, export);

        List<IncompleteTable> incomplete = new ArrayList<>(info.skipped);
        List<ExportedTable> fresh = new ArrayList<>();
        Map<ExportedTable, String> folders = new HashMap<>();
        for (ExportedTable table : info.tables) {
            String folder = tableFolder(files, export, table);
            if (task.skippedTables.contains(table.target())) {
                incomplete.add(new IncompleteTable(table.target(), SKIPPED_BY_TASK));
            } else if (files.layout(folder).folders().isEmpty() && table.expectsData()) {
                incomplete.add(new IncompleteTable(table.target(), "listed COMPLETE with sizeGB " + table.sizeGb()
                        + " but no data under s3://" + files.bucket() + "/" + folder));
            } else {
                fresh.add(table);
                folders.put(table, folder);
            }
        }
        Set<String> listed = new HashSet<>();
        info.tables.forEach(t -> listed.add(t.target()));
        info.skipped.forEach(t -> listed.add(t.target()));
        task.skippedTables.stream().filter(listed::add)
                .forEach(t -> incomplete.add(new IncompleteTable(t, SKIPPED_BY_TASK)));

        Map<ExportedTable, String> names = CatalogNames.assign(export.sourceName(), fresh, catalog, warnings);
        RegistrationSummary summary = new RegistrationSummary(tables.database, export.exportTaskIdentifier());
        TableOutcome[] outcomes = new TableOutcome[fresh.size()];
        Parallel.run(THREADS, outcomes.length, i -> outcomes[i] = registerTable(fresh.get(i), names.get(fresh.get(i)),
                export, files, folders.get(fresh.get(i)), retained, catalog, log));
        for (TableOutcome outcome : outcomes) {
            summary.add(outcome.name(), outcome.action(), outcome.partitions());
            warnings.addAll(outcome.warnings());
        }
        Set<String> freshTargets = new HashSet<>();
        fresh.forEach(t -> freshTargets.add(t.target()));
        new CatalogUpkeep(tables, catalog, export, retained, log).apply(incomplete, listed, freshTargets, summary);
        summary.invalid(info.invalid.size()).warnings(warnings.size());
        warnings.forEach(w -> log.record("registration_warning", "exportTaskIdentifier", export.exportTaskIdentifier(), "warning", w));
        if (!info.invalid.isEmpty()) {
            info.invalid.forEach(i -> log.record("table_invalid", "exportTaskIdentifier", export.exportTaskIdentifier(), "table", i));
            throw new CatalogRegistrationException(info.invalid.size() + " table(s) of export "
                    + export.exportTaskIdentifier() + " cannot be registered (the other " + info.tables.size()
                    + " were): " + RegistrationSummary.sample(info.invalid) + ". Every one is in the function's log.");
        }
        return summary;
    }

    private record TableOutcome(String name, String action, int partitions, List<String> warnings) {
    }

    /**
     * History first, the current table last: a current table on this export therefore means the export is fully
     * registered, and registering it again costs no call for the table (the daily run registers the newest export
     * of every source again). A table already on a newer export only gains this export's history partitions.
     */
    private TableOutcome registerTable(ExportedTable table, String name, RegisteredExport export, ExportFiles files,
                                       String folder, Set<String> retained, SourceTables catalog, DecisionLog log) {
        ExportFiles.Layout layout = files.layout(folder);
        Table current = catalog.get(name);
        List<String> warnings = new ArrayList<>();
        String action;
        if (current != null && owns(current, export, table) && isRegistered(current, export)) {
            action = "unchanged";
        } else {
            String history = CatalogNames.historyName(name);
            warnings.addAll(registerHistory(history, table, export, files, layout, retained, catalog.get(history)));
            action = registerCurrent(name, table, export, files, folder, current);
        }
        if (layout.flat()) {
            warnings.add(table.target() + ": files directly in s3://" + files.bucket() + "/" + folder + " (RDS's older "
                    + "layout); registered as one partition " + PARTITION_KEY + "='" + ExportFiles.FLAT_PARTITION + "'");
        }
        log.record("table_registered", "source", export.sourceName(), "exportTaskIdentifier",
                export.exportTaskIdentifier(), "target", table.target(), "table", name, "columns",
                table.columns().size(), "partitions", layout.folders().size(), "action", action);
        return new TableOutcome(name, action, layout.folders().size(), warnings);
    }

    /** The table is on this export and records the partitions it was given (tables registered since then do). */
    private static boolean isRegistered(Table current, RegisteredExport export) {
        return export.exportTaskIdentifier().equals(SourceTables.parameter(current, EXPORT_PARAMETER))
                && SourceTables.parameter(current, PARTITIONS_PARAMETER) != null;
    }

    /**
     * The export tasks whose files are still in the bucket: the lifecycle rule deletes exports after the retention
     * period, and the catalog must not claim them afterwards. Exports from before the account segment are in the
     * source's older folder, and count as long as they are there.
     */
    private static Set<String> retainedExports(ExportFiles files, RegisteredExport export) {
        Set<String> retained = new HashSet<>();
        for (String folder : java.util.stream.Stream.of(export.exportsFolder(), export.legacyExportsFolder())
                .filter(java.util.Objects::nonNull).toList()) {
            files.subfolders(folder).forEach(f -> retained.add(f.substring(folder.length(), f.length() - 1)));
        }
        retained.add(export.exportTaskIdentifier());
        return retained;
    }

    private ExportTablesInfo readMetadata(ExportFiles files, RegisteredExport export) {
        String prefix = export.exportRoot() + "export_tables_info_";
        List<String> keys = files.keys(prefix);
        if (keys.isEmpty()) {
            throw new CatalogRegistrationException("No " + prefix + "*.json in s3://" + files.bucket()
                    + ": RDS writes it when export " + export.exportTaskIdentifier() + " completes; is the export complete "
                    + "and may this function read the bucket?");
        }
        ExportTablesInfo info = new ExportTablesInfo();
        keys.forEach(key -> info.add(files.read(key), key));
        return info;
    }

    private static String tableFolder(ExportFiles files, RegisteredExport export, ExportedTable table) {
        String databaseFolder = export.exportRoot() + table.databaseFolder() + "/";
        List<String> existing = files.subfolders(databaseFolder).stream()
                .map(f -> f.substring(databaseFolder.length(), f.length() - 1)).toList();
        for (String candidate : table.candidateFolders()) {
            if (existing.contains(candidate)) {
                return databaseFolder + candidate + "/";
            }
        }
        // An empty table may have no folder at all; register it where RDS would have written it.
        return databaseFolder + table.candidateFolders().get(0) + "/";
    }

    /**
     * Moves {@code <name>} to this export unless it already is on it or on a newer one: its partitions first (one
     * BatchUpdatePartition when the export has the folders the previous one had), then the table, with the
     * {@code VersionId} it was decided on. A registration that loses that race to another one reads the table again
     * and decides again; when the winner's export is newer, it puts the partitions back on the winner's export
     * ({@link CurrentPartitions}), so whoever finishes last leaves table and partitions on the same export.
     */
    private String registerCurrent(String name, ExportedTable table, RegisteredExport export, ExportFiles files,
                                   String folder, Table known) {
        ExportFiles.Layout layout = files.layout(folder);
        List<String> values = layout.folders().stream().map(layout::partitionValue).toList();
        TableInput base = tableInput(name, table, export, files.bucket(), folder, List.of(partitionKey(PARTITION_KEY)),
                SourceTables.CURRENT);
        Map<String, String> parameters = new HashMap<>(base.parameters());
        parameters.put(PARTITIONS_PARAMETER, String.join(",", values));
        TableInput input = base.toBuilder().parameters(parameters).build();
        List<PartitionInput> wanted = layout.folders().stream()
                .map(f -> partition(List.of(layout.partitionValue(f)), input.storageDescriptor(),
                        "s3://" + files.bucket() + "/" + f))
                .toList();
        Table existing = known;
        boolean touched = false;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (existing == null) {
                if (tables.create(input)) {
                    tables.createMissing(name, wanted);
                    return "created";
                }
                existing = tables.get(name);
                continue;
            }
            if (!owns(existing, export, table)) {
                throw heldByAnother(name, existing, table);
            }
            boolean same = export.exportTaskIdentifier().equals(existing.parameters().get(EXPORT_PARAMETER));
            if (isNewer(existing, export) || same && !touched && isRegistered(existing, export)) {
                if (touched) {
                    new CurrentPartitions(tables, files, MAX_ATTEMPTS).converge(name);
                }
                return same ? "unchanged" : "kept-newer";
            }
            tables.replacePartitions(name, partitionValues(existing), wanted);
            touched = true;
            boolean updated;
            try {
                updated = tables.update(input, existing);
            } catch (RuntimeException e) {
                // The partitions already point at this export: put them back on the table's, so a registration that
                // fails here (denied, Glue down past the SDK's retries) leaves the table whole on its previous export.
                try {
                    new CurrentPartitions(tables, files, MAX_ATTEMPTS).converge(name);
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
            if (updated) {
                return same ? "repaired" : "moved";
            }
            existing = tables.get(name);
        }
        throw new CatalogRegistrationException(tableChanging(name));
    }

    /** The partition values the table was given with its export, or null when it predates that record (then read). */
    private static List<String> partitionValues(Table table) {
        String recorded = SourceTables.parameter(table, PARTITIONS_PARAMETER);
        return recorded == null ? null : recorded.isEmpty() ? List.of() : List.of(recorded.split(","));
    }

    /**
     * Adds this export's partitions to the history table, removes those of exports the lifecycle rule deleted, and
     * keeps the table's columns the union of what its exports had (see {@link HistorySchema}). Each partition keeps
     * its own export's columns. The table is read before its partitions, so whoever updates it last with an
     * unchanged version has seen every partition created before: concurrent registrations converge. Returns the
     * type changes Athena cannot read across (see {@link HistorySchema#unreadable}).
     */
    private List<String> registerHistory(String name, ExportedTable table, RegisteredExport export, ExportFiles files,
                                         ExportFiles.Layout layout, Set<String> retained, Table known) {
        TableInput input = historyInput(name, table, export, files.bucket());
        Map<String, String> partitionParameters = export.snapshotCreateTime() == null ? Map.of()
                : Map.of(SNAPSHOT_TIME_PARAMETER, export.snapshotCreateTime().toString());
        List<PartitionInput> mine = layout.folders().stream()
                .map(folder -> partition(List.of(export.exportTaskIdentifier(), layout.partitionValue(folder)),
                        input.storageDescriptor(), "s3://" + files.bucket() + "/" + folder).toBuilder()
                        .parameters(partitionParameters).build())
                .toList();
        Table existing = known;
        boolean added = false;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (existing == null) {
                // Created as this export has it; the partitions read below decide whether it must change.
                existing = tables.create(input) ? GlueTables.asTable(input) : tables.get(name);
                if (existing == null) {
                    continue;
                }
            }
            if (!owns(existing, export, table)) {
                throw heldByAnother(name, existing, table);
            }
            if (!added) {
                tables.createMissing(name, mine);
                added = true;
            }
            List<Partition> kept = tables.keepRetained(name, retained);
            List<HistorySchema.ExportColumns> exports = new ArrayList<>(HistorySchema.of(kept));
            exports.add(new HistorySchema.ExportColumns(export.exportTaskIdentifier(), export.snapshotCreateTime(),
                    input.storageDescriptor().columns()));
            List<Column> union = HistorySchema.union(exports);
            TableInput wanted = input.toBuilder()
                    .storageDescriptor(input.storageDescriptor().toBuilder().columns(union).build()).build();
            if (sameDefinition(existing, wanted)
                    || existing.versionId() != null && tables.update(wanted, existing)) {
                return HistorySchema.unreadable(exports, union).stream().map(p -> name + ": " + p).toList();
            }
            existing = tables.get(name);
        }
        throw new CatalogRegistrationException(tableChanging(name));
    }

    /**
     * The history table's definition changes only with its columns: which exports it holds is in its partitions (each
     * with its snapshot time), so a new export adds partitions without rewriting the table.
     */
    private static TableInput historyInput(String name, ExportedTable table, RegisteredExport export, String bucket) {
        TableInput input = tableInput(name, table, export, bucket, export.s3Prefix() + "/",
                List.of(partitionKey(EXPORT_KEY), partitionKey(PARTITION_KEY)), SourceTables.HISTORY);
        Map<String, String> parameters = new HashMap<>(input.parameters());
        parameters.keySet().removeAll(List.of(EXPORT_PARAMETER, SNAPSHOT_TIME_PARAMETER, SNAPSHOT_PARAMETER));
        return input.toBuilder().parameters(parameters).build();
    }

    private static boolean sameDefinition(Table existing, TableInput wanted) {
        return Objects.equals(existing.parameters(), wanted.parameters())
                && describe(existing.storageDescriptor().columns()).equals(describe(wanted.storageDescriptor().columns()));
    }

    private static List<String> describe(List<Column> columns) {
        return columns.stream().map(c -> c.name() + " " + c.type() + " " + c.comment()).toList();
    }

    private static boolean owns(Table existing, RegisteredExport export, ExportedTable table) {
        return SourceTables.ownedBy(existing, export.sourceName(), table.target());
    }

    private CatalogRegistrationException heldByAnother(String name, Table existing, ExportedTable table) {
        return new CatalogRegistrationException("Glue table " + tables.database + "." + name + " holds "
                + SourceTables.parameter(existing, SourceTables.TARGET_PARAMETER) + " of source "
                + SourceTables.parameter(existing, SourceTables.SOURCE_PARAMETER) + ", not " + table.target()
                + "; it was registered while this registration ran. Retry the step: names are decided again from the "
                + "catalog as it is then.");
    }

    private String tableChanging(String name) {
        return "Glue table " + tables.database + "." + name + " kept changing under " + MAX_ATTEMPTS
                + " attempts to register it; other registrations are running. Retry the step.";
    }

    static boolean isNewer(Table existing, RegisteredExport export) {
        String existingTime = existing.parameters().get(SNAPSHOT_TIME_PARAMETER);
        return existingTime != null && export.snapshotCreateTime() != null
                && Instant.parse(existingTime).isAfter(export.snapshotCreateTime());
    }

    static TableInput tableInput(String name, ExportedTable table, RegisteredExport export, String bucket,
                                 String folder, List<Column> partitionKeys, String role) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("classification", "parquet");
        parameters.put("EXTERNAL", "TRUE");
        parameters.put(SourceTables.SOURCE_PARAMETER, export.sourceName());
        parameters.put(SourceTables.TARGET_PARAMETER, table.target());
        parameters.put(SourceTables.ROLE_PARAMETER, role);
        parameters.put(SNAPSHOT_PARAMETER, String.valueOf(export.snapshotIdentifier()));
        parameters.put(EXPORT_PARAMETER, export.exportTaskIdentifier());
        if (export.snapshotCreateTime() != null) {
            parameters.put(SNAPSHOT_TIME_PARAMETER, export.snapshotCreateTime().toString());
        }
        return TableInput.builder()
                .name(name)
                .description("RDS export of " + table.target() + " from source " + export.sourceName())
                .tableType("EXTERNAL_TABLE")
                .parameters(parameters)
                .partitionKeys(partitionKeys)
                .storageDescriptor(StorageDescriptor.builder()
                        .columns(table.columns().stream().map(c -> Column.builder().name(c.name()).type(c.type())
                                .comment("RDS type: " + c.originalType()).build()).toList())
                        .location("s3://" + bucket + "/" + folder)
                        .inputFormat(INPUT_FORMAT)
                        .outputFormat(OUTPUT_FORMAT)
                        .serdeInfo(SerDeInfo.builder().serializationLibrary(SERDE).build())
                        .build())
                .build();
    }

    static PartitionInput partition(List<String> values, StorageDescriptor table, String location) {
        return PartitionInput.builder().values(values).storageDescriptor(table.toBuilder().location(location).build())
                .build();
    }

    private static Column partitionKey(String name) {
        return Column.builder().name(name).type("string").build();
    }
}
