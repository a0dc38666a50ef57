package dev.analysisplatform.export.catalog;

import dev.analysisplatform.export.DecisionLog;
import dev.analysisplatform.export.errors.CatalogRegistrationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionRequest;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.GetPartitionsRequest;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.UpdatePartitionRequest;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Registers a completed export in the Glue Data Catalog from RDS's own metadata files (exact columns, no
 * crawler). Per exported table, two tables:
 * <ul>
 *   <li>{@code <name>}: always the newest registered export, one partition per RDS partition folder;</li>
 *   <li>{@code <name>_history}: every registered export, partitioned by export task and RDS partition folder,
 *       until the bucket's lifecycle removes the files.</li>
 * </ul>
 * Re-registering the same export changes nothing; registering an older export never moves {@code <name>} back.
 */
public final class CatalogRegistrar {

    static final String PARTITION_KEY = "rds_partition";
    static final String EXPORT_KEY = "export_task";
    static final String EXPORT_PARAMETER = "analysis_platform.export_task";
    static final String SNAPSHOT_TIME_PARAMETER = "analysis_platform.snapshot_create_time";
    private static final String INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    private static final String OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    private static final String SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

    private final GlueClient glue;
    private final S3Client s3;
    private final String database;

    public CatalogRegistrar(GlueClient glue, S3Client s3, String database) {
        this.glue = glue;
        this.s3 = s3;
        this.database = database;
    }

    /** One table's registration, for the state machine's output. */
    public record TableResult(String table, String history, String target, int columns, int partitions, String action) {
    }

    public Map<String, Object> register(RegisteredExport export, DecisionLog log) {
        ExportTablesInfo info = readMetadata(export);
        List<TableResult> results = new ArrayList<>();
        for (ExportedTable table : info.tables) {
            String folder = tableFolder(export, table);
            List<String> partitions = subfolders(export.s3Bucket(), folder);
            String name = CatalogNames.tableName(export.sourceName(), table);
            String action = registerCurrent(name, table, export, folder, partitions);
            registerHistory(CatalogNames.historyName(name), table, export, folder, partitions);
            results.add(new TableResult(name, CatalogNames.historyName(name), table.target(), table.columns().size(),
                    partitions.size(), action));
            log.record("table_registered", "source", export.sourceName(), "exportTaskIdentifier",
                    export.exportTaskIdentifier(), "table", name, "partitions", partitions.size(), "action", action);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("glueDatabase", database);
        output.put("tables", results.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", r.table());
            m.put("history", r.history());
            m.put("target", r.target());
            m.put("columns", r.columns());
            m.put("partitions", r.partitions());
            m.put("action", r.action());
            return m;
        }).toList());
        output.put("skippedTables", info.skipped);
        output.put("warnings", info.warnings);
        return output;
    }

    private ExportTablesInfo readMetadata(RegisteredExport export) {
        String prefix = export.exportRoot() + "export_tables_info_";
        List<S3Object> files = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(export.s3Bucket()).prefix(prefix).continuationToken(token).build());
            files.addAll(page.contents());
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        if (files.isEmpty()) {
            throw new CatalogRegistrationException("No " + prefix + "*.json in s3://" + export.s3Bucket()
                    + ": RDS writes it when export " + export.exportTaskIdentifier() + " completes; is the export complete "
                    + "and may this function read the bucket?");
        }
        ExportTablesInfo info = new ExportTablesInfo();
        for (S3Object file : files) {
            String json = s3.getObject(GetObjectRequest.builder().bucket(export.s3Bucket()).key(file.key()).build(),
                            ResponseTransformer.toBytes())
                    .asUtf8String();
            info.add(json, file.key());
        }
        return info;
    }

    private String tableFolder(RegisteredExport export, ExportedTable table) {
        String databaseFolder = export.exportRoot() + table.database() + "/";
        List<String> existing = subfolders(export.s3Bucket(), databaseFolder).stream()
                .map(f -> f.substring(databaseFolder.length(), f.length() - 1)).toList();
        for (String candidate : table.candidateFolders()) {
            if (existing.contains(candidate)) {
                return databaseFolder + candidate + "/";
            }
        }
        // An empty table may have no folder at all; register it where RDS would have written it.
        return databaseFolder + table.candidateFolders().get(0) + "/";
    }

    /** The "sub/" folders directly under prefix (full keys, with trailing slash). */
    private List<String> subfolders(String bucket, String prefix) {
        List<String> folders = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(bucket).prefix(prefix).delimiter("/").continuationToken(token).build());
            page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(folders::add);
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return folders.stream().sorted().toList();
    }

    private String registerCurrent(String name, ExportedTable table, RegisteredExport export, String folder,
                                   List<String> partitions) {
        String location = "s3://" + export.s3Bucket() + "/" + folder;
        TableInput input = tableInput(name, table, export, location, List.of(partitionKey(PARTITION_KEY)));
        Table existing = getTable(name);
        List<PartitionInput> wanted = partitions.stream()
                .map(p -> partition(List.of(lastSegment(p)), table, "s3://" + export.s3Bucket() + "/" + p))
                .toList();
        if (existing == null) {
            glue.createTable(CreateTableRequest.builder().databaseName(database).tableInput(input).build());
            createPartitions(name, wanted);
            return "created";
        }
        String current = existing.parameters().get(EXPORT_PARAMETER);
        if (export.exportTaskIdentifier().equals(current)) {
            return createPartitions(name, wanted) > 0 ? "repaired" : "unchanged";
        }
        String currentTime = existing.parameters().get(SNAPSHOT_TIME_PARAMETER);
        if (currentTime != null && export.snapshotCreateTime() != null
                && Instant.parse(currentTime).isAfter(export.snapshotCreateTime())) {
            return "kept-newer";
        }
        glue.updateTable(UpdateTableRequest.builder().databaseName(database).tableInput(input).build());
        // Partitions with the same folder number move to this export in place; the rest go or come.
        List<List<String>> before = existingPartitions(name);
        Set<List<String>> keep = wanted.stream().map(PartitionInput::values).collect(Collectors.toSet());
        List<PartitionValueList> stale = before.stream().filter(values -> !keep.contains(values))
                .map(values -> PartitionValueList.builder().values(values).build()).toList();
        for (int i = 0; i < stale.size(); i += 25) {
            List<PartitionValueList> batch = stale.subList(i, Math.min(stale.size(), i + 25));
            glue.batchDeletePartition(BatchDeletePartitionRequest.builder().databaseName(database).tableName(name)
                    .partitionsToDelete(batch).build());
        }
        for (PartitionInput partition : wanted) {
            if (before.contains(partition.values())) {
                glue.updatePartition(UpdatePartitionRequest.builder().databaseName(database).tableName(name)
                        .partitionValueList(partition.values()).partitionInput(partition).build());
            }
        }
        createPartitions(name, wanted);
        return "moved";
    }

    private void registerHistory(String name, ExportedTable table, RegisteredExport export, String folder,
                                 List<String> partitions) {
        String location = "s3://" + export.s3Bucket() + "/" + export.s3Prefix() + "/";
        TableInput input = tableInput(name, table, export, location,
                List.of(partitionKey(EXPORT_KEY), partitionKey(PARTITION_KEY)));
        Table existing = getTable(name);
        if (existing == null) {
            glue.createTable(CreateTableRequest.builder().databaseName(database).tableInput(input).build());
        } else {
            String existingTime = existing.parameters().get(SNAPSHOT_TIME_PARAMETER);
            boolean newer = existingTime == null || export.snapshotCreateTime() == null
                    || !Instant.parse(existingTime).isAfter(export.snapshotCreateTime());
            if (newer && !export.exportTaskIdentifier().equals(existing.parameters().get(EXPORT_PARAMETER))) {
                // The history table carries the newest schema; older partitions keep their own columns.
                glue.updateTable(UpdateTableRequest.builder().databaseName(database).tableInput(input).build());
            }
        }
        createPartitions(name, partitions.stream()
                .map(p -> partition(List.of(export.exportTaskIdentifier(), lastSegment(p)), table,
                        "s3://" + export.s3Bucket() + "/" + p))
                .toList());
    }

    private TableInput tableInput(String name, ExportedTable table, RegisteredExport export, String location,
                                  List<Column> partitionKeys) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("classification", "parquet");
        parameters.put("EXTERNAL", "TRUE");
        parameters.put("analysis_platform.source", export.sourceName());
        parameters.put("analysis_platform.rds_target", table.target());
        parameters.put("analysis_platform.snapshot", String.valueOf(export.snapshotIdentifier()));
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
                .storageDescriptor(storage(table, location))
                .build();
    }

    private static StorageDescriptor storage(ExportedTable table, String location) {
        return StorageDescriptor.builder()
                .columns(table.columns().stream()
                        .map(c -> Column.builder().name(c.name()).type(c.type()).comment("RDS type: " + c.originalType()).build())
                        .toList())
                .location(location)
                .inputFormat(INPUT_FORMAT)
                .outputFormat(OUTPUT_FORMAT)
                .serdeInfo(SerDeInfo.builder().serializationLibrary(SERDE).build())
                .build();
    }

    private static PartitionInput partition(List<String> values, ExportedTable table, String location) {
        return PartitionInput.builder().values(values).storageDescriptor(storage(table, location)).build();
    }

    private static Column partitionKey(String name) {
        return Column.builder().name(name).type("string").build();
    }

    private Table getTable(String name) {
        try {
            return glue.getTable(GetTableRequest.builder().databaseName(database).name(name).build()).table();
        } catch (EntityNotFoundException e) {
            return null;
        }
    }

    private List<List<String>> existingPartitions(String table) {
        List<List<String>> values = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetPartitionsResponse page = glue.getPartitions(GetPartitionsRequest.builder().databaseName(database)
                    .tableName(table).nextToken(next).build());
            page.partitions().forEach(p -> values.add(p.values()));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return values;
    }

    /** Creates what is missing; returns how many were created. Existing partitions are left as they are. */
    private int createPartitions(String table, List<PartitionInput> partitions) {
        int created = 0;
        for (int i = 0; i < partitions.size(); i += 100) {
            List<PartitionInput> batch = partitions.subList(i, Math.min(partitions.size(), i + 100));
            BatchCreatePartitionResponse response = glue.batchCreatePartition(BatchCreatePartitionRequest.builder()
                    .databaseName(database).tableName(table).partitionInputList(batch).build());
            List<PartitionError> failed = response.errors().stream()
                    .filter(e -> e.errorDetail() == null || !"AlreadyExistsException".equals(e.errorDetail().errorCode()))
                    .toList();
            if (!failed.isEmpty()) {
                throw new CatalogRegistrationException("Glue refused partitions of " + database + "." + table + ": "
                        + failed.get(0).errorDetail());
            }
            created += batch.size() - response.errors().size();
        }
        return created;
    }

    private static String lastSegment(String folder) {
        String trimmed = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
