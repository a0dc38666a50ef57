package dev.analysisplatform.export.catalog;

import dev.analysisplatform.export.errors.CatalogRegistrationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionFailureEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequestEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.DeleteTableRequest;
import software.amazon.awssdk.services.glue.model.GetTablesRequest;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetDatabaseRequest;
import software.amazon.awssdk.services.glue.model.GetPartitionsRequest;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.UpdatePartitionRequest;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;

/**
 * The Glue calls of registration, safe when several registrations run at once. Table changes are optimistic: an
 * update carries the {@code VersionId} it was decided on (Glue UpdateTable: "The version ID at which to update the
 * table contents"), so a concurrent change makes it fail with {@code ConcurrentModificationException} ("Two
 * processes are trying to modify a resource simultaneously") instead of overwriting a newer decision; a create
 * that loses to another one gets {@code AlreadyExistsException}. Both mean: read again and decide again.
 */
final class GlueTables {

    /** Batch sizes Glue allows: BatchCreatePartition 100, BatchUpdatePartition 100, BatchDeletePartition 25. */
    private static final int CREATE_BATCH = 100;
    private static final int UPDATE_BATCH = 100;
    private static final int DELETE_BATCH = 25;

    private final GlueClient glue;
    final String database;

    GlueTables(GlueClient glue, String database) {
        this.glue = glue;
        this.database = database;
    }

    void requireDatabase() {
        try {
            glue.getDatabase(GetDatabaseRequest.builder().name(database).build());
        } catch (EntityNotFoundException e) {
            throw new CatalogRegistrationException("Glue database '" + database + "' does not exist in this account "
                    + "and region; it is created by the analytics stack (infra/).", e);
        }
    }

    Table get(String name) {
        try {
            return glue.getTable(GetTableRequest.builder().databaseName(database).name(name).build()).table();
        } catch (EntityNotFoundException e) {
            return null;
        }
    }

    /** False when another registration created it first. */
    boolean create(TableInput input) {
        try {
            glue.createTable(CreateTableRequest.builder().databaseName(database).tableInput(input).build());
            return true;
        } catch (AlreadyExistsException raced) {
            return false;
        }
    }

    /** False when the table changed since {@code decidedOn} was read. */
    boolean update(TableInput input, Table decidedOn) {
        try {
            glue.updateTable(UpdateTableRequest.builder().databaseName(database).tableInput(input)
                    .versionId(decidedOn.versionId()).build());
            return true;
        } catch (ConcurrentModificationException raced) {
            return false;
        }
    }

    /** Every table whose name starts with {@code prefix} (GetTables' Expression is a regular expression). */
    List<Table> tablesStartingWith(String prefix) {
        List<Table> all = new ArrayList<>();
        glue.getTablesPaginator(GetTablesRequest.builder().databaseName(database).expression(prefix + ".*").build())
                .forEach(page -> page.tableList().stream().filter(t -> t.name().startsWith(prefix)).forEach(all::add));
        return all;
    }

    /** Deletes the table (and with it its partitions); false when it was gone already. */
    boolean delete(String name) {
        try {
            glue.deleteTable(DeleteTableRequest.builder().databaseName(database).name(name).build());
            return true;
        } catch (EntityNotFoundException gone) {
            return false;
        }
    }

    /**
     * Deletes the history partitions whose export ({@code values[0]}) is not in {@code retained} (the lifecycle rule
     * deleted its files); returns the others.
     */
    List<Partition> keepRetained(String table, Set<String> retained) {
        List<Partition> partitions = partitions(table);
        deletePartitions(table, partitions.stream().map(Partition::values)
                .filter(v -> !retained.contains(v.get(0))).toList());
        return partitions.stream().filter(p -> retained.contains(p.values().get(0))).toList();
    }

    /** Deletes partitions by their values, {@value #DELETE_BATCH} a call. */
    void deletePartitions(String table, List<List<String>> values) {
        for (int i = 0; i < values.size(); i += DELETE_BATCH) {
            glue.batchDeletePartition(BatchDeletePartitionRequest.builder().databaseName(database).tableName(table)
                    .partitionsToDelete(values.subList(i, Math.min(values.size(), i + DELETE_BATCH)).stream()
                            .map(v -> PartitionValueList.builder().values(v).build()).toList()).build());
        }
    }

    /** What UpdateTable takes to write {@code table} back as it is, apart from what the caller then changes. */
    static TableInput asInput(Table table) {
        return TableInput.builder().name(table.name()).description(table.description()).owner(table.owner())
                .tableType(table.tableType()).parameters(table.parameters()).partitionKeys(table.partitionKeys())
                .storageDescriptor(table.storageDescriptor()).retention(table.retention()).build();
    }

    /** The table {@code input} creates, as far as registration reads it back (no version yet). */
    static Table asTable(TableInput input) {
        return Table.builder().name(input.name()).description(input.description()).tableType(input.tableType())
                .parameters(input.parameters()).partitionKeys(input.partitionKeys())
                .storageDescriptor(input.storageDescriptor()).build();
    }

    /**
     * Points the table's partitions at {@code wanted}. {@code previous} are the values the table had (null: read
     * them): partitions in both are moved with BatchUpdatePartition (100 a call), new ones created, the rest deleted.
     * A partition that is not where {@code previous} said (another registration moved it meanwhile) is created or
     * updated instead, so the result is {@code wanted} either way.
     */
    void replacePartitions(String table, List<String> previous, List<PartitionInput> wanted) {
        Set<List<String>> had = previous == null
                ? partitions(table).stream().map(Partition::values).collect(Collectors.toSet())
                : previous.stream().map(List::of).collect(Collectors.toSet());
        List<PartitionInput> update = wanted.stream().filter(p -> had.contains(p.values())).toList();
        List<PartitionInput> create = new ArrayList<>(wanted.stream().filter(p -> !had.contains(p.values())).toList());
        Set<List<String>> wantedValues = wanted.stream().map(PartitionInput::values).collect(Collectors.toSet());
        for (int i = 0; i < update.size(); i += UPDATE_BATCH) {
            List<PartitionInput> batch = update.subList(i, Math.min(update.size(), i + UPDATE_BATCH));
            BatchUpdatePartitionResponse response = glue.batchUpdatePartition(BatchUpdatePartitionRequest.builder()
                    .databaseName(database).tableName(table).entries(batch.stream()
                            .map(p -> BatchUpdatePartitionRequestEntry.builder().partitionValueList(p.values())
                                    .partitionInput(p).build()).toList()).build());
            Set<List<String>> missing = response.errors().stream().map(BatchUpdatePartitionFailureEntry::partitionValueList)
                    .collect(Collectors.toSet());
            batch.stream().filter(p -> missing.contains(p.values())).forEach(create::add);
        }
        for (PartitionInput partition : createReportingExisting(table, create)) {
            glue.updatePartition(UpdatePartitionRequest.builder().databaseName(database).tableName(table)
                    .partitionValueList(partition.values()).partitionInput(partition).build());
        }
        deletePartitions(table, had.stream().filter(v -> !wantedValues.contains(v)).toList());
    }

    /** Creates the partitions; returns those that existed already (to be updated instead). */
    private List<PartitionInput> createReportingExisting(String table, List<PartitionInput> partitions) {
        List<PartitionInput> existed = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i += CREATE_BATCH) {
            List<PartitionInput> batch = partitions.subList(i, Math.min(partitions.size(), i + CREATE_BATCH));
            BatchCreatePartitionResponse response = glue.batchCreatePartition(BatchCreatePartitionRequest.builder()
                    .databaseName(database).tableName(table).partitionInputList(batch).build());
            for (PartitionError error : response.errors()) {
                if (error.errorDetail() == null || !"AlreadyExistsException".equals(error.errorDetail().errorCode())) {
                    throw new CatalogRegistrationException("Glue refused partitions of " + database + "." + table + ": "
                            + error.errorDetail());
                }
                batch.stream().filter(p -> p.values().equals(error.partitionValues())).forEach(existed::add);
            }
        }
        return existed;
    }

    List<Partition> partitions(String table) {
        List<Partition> all = new ArrayList<>();
        glue.getPartitionsPaginator(GetPartitionsRequest.builder().databaseName(database).tableName(table).build())
                .forEach(page -> all.addAll(page.partitions()));
        return all;
    }

    /**
     * Makes the table's partitions exactly {@code wanted} (by values, with their locations); returns how many
     * partitions it changed. Partitions that vanish or appear meanwhile are someone else's concurrent sync of the
     * same table, and are left to it.
     */
    int sync(String table, List<PartitionInput> wanted) {
        Map<List<String>, Partition> existing = partitions(table).stream()
                .collect(Collectors.toMap(Partition::values, Function.identity(), (a, b) -> a));
        Map<List<String>, PartitionInput> byValues = wanted.stream()
                .collect(Collectors.toMap(PartitionInput::values, Function.identity(), (a, b) -> a));
        List<PartitionValueList> stale = existing.keySet().stream().filter(v -> !byValues.containsKey(v))
                .map(v -> PartitionValueList.builder().values(v).build()).toList();
        for (int i = 0; i < stale.size(); i += DELETE_BATCH) {
            glue.batchDeletePartition(BatchDeletePartitionRequest.builder().databaseName(database).tableName(table)
                    .partitionsToDelete(stale.subList(i, Math.min(stale.size(), i + DELETE_BATCH))).build());
        }
        int changed = stale.size();
        List<PartitionInput> missing = new ArrayList<>();
        for (PartitionInput partition : wanted) {
            Partition current = existing.get(partition.values());
            if (current == null) {
                missing.add(partition);
            } else if (!sameData(current, partition)) {
                try {
                    glue.updatePartition(UpdatePartitionRequest.builder().databaseName(database).tableName(table)
                            .partitionValueList(partition.values()).partitionInput(partition).build());
                    changed++;
                } catch (EntityNotFoundException deletedMeanwhile) {
                    missing.add(partition);
                }
            }
        }
        return changed + createMissing(table, missing);
    }

    private static boolean sameData(Partition current, PartitionInput wanted) {
        return current.storageDescriptor().location().equals(wanted.storageDescriptor().location())
                && columns(current.storageDescriptor().columns()).equals(columns(wanted.storageDescriptor().columns()));
    }

    private static List<String> columns(List<Column> columns) {
        return columns.stream().map(c -> c.name() + " " + c.type()).toList();
    }

    /** Creates what is missing; returns how many were created. Existing partitions are left as they are. */
    int createMissing(String table, List<PartitionInput> partitions) {
        return partitions.size() - createReportingExisting(table, partitions).size();
    }
}
