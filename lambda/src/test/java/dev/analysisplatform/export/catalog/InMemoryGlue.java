package dev.analysisplatform.export.catalog;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionResponse;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetPartitionsRequest;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.GetTableResponse;
import software.amazon.awssdk.services.glue.model.GetTablesRequest;
import software.amazon.awssdk.services.glue.model.GetTablesResponse;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;
import software.amazon.awssdk.services.glue.paginators.GetPartitionsIterable;
import software.amazon.awssdk.services.glue.paginators.GetTablesIterable;

/**
 * A Glue catalog in memory for unit tests of registration at sizes the emulator is slow for: tables with versions,
 * partitions, and GetTables pages of 100 as Glue answers them. It counts every call by action.
 */
final class InMemoryGlue {

    static final int TABLES_PAGE = 100;

    final GlueClient client = mock(GlueClient.class);
    final Map<String, Table> tables = new ConcurrentSkipListMap<>();
    final Map<String, Map<List<String>, Partition>> partitions = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> calls = new ConcurrentSkipListMap<>();
    private final AtomicLong versions = new AtomicLong();

    InMemoryGlue() {
        lenient().when(client.getTable(any(GetTableRequest.class))).thenAnswer(call -> {
            count("GetTable");
            Table table = tables.get(call.<GetTableRequest>getArgument(0).name());
            if (table == null) {
                throw EntityNotFoundException.builder().message("Table not found").build();
            }
            return GetTableResponse.builder().table(table).build();
        });
        lenient().when(client.getTablesPaginator(any(GetTablesRequest.class)))
                .thenAnswer(call -> new GetTablesIterable(client, call.getArgument(0)));
        lenient().when(client.getTables(any(GetTablesRequest.class))).thenAnswer(call -> {
            count("GetTables");
            GetTablesRequest request = call.getArgument(0);
            String prefix = request.expression() == null ? "" : request.expression().replace(".*", "");
            List<Table> matching = tables.values().stream().filter(t -> t.name().startsWith(prefix)).toList();
            int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
            int to = Math.min(matching.size(), from + TABLES_PAGE);
            return GetTablesResponse.builder().tableList(matching.subList(from, to))
                    .nextToken(to < matching.size() ? String.valueOf(to) : null).build();
        });
        lenient().when(client.createTable(any(CreateTableRequest.class))).thenAnswer(call -> {
            count("CreateTable");
            TableInput input = call.<CreateTableRequest>getArgument(0).tableInput();
            if (tables.putIfAbsent(input.name(), table(input)) != null) {
                throw AlreadyExistsException.builder().message("Table already exists").build();
            }
            partitions.put(input.name(), new ConcurrentHashMap<>());
            return null;
        });
        lenient().when(client.updateTable(any(UpdateTableRequest.class))).thenAnswer(call -> {
            count("UpdateTable");
            TableInput input = call.<UpdateTableRequest>getArgument(0).tableInput();
            tables.put(input.name(), table(input));
            return null;
        });
        lenient().when(client.getPartitionsPaginator(any(GetPartitionsRequest.class)))
                .thenAnswer(call -> new GetPartitionsIterable(client, call.getArgument(0)));
        lenient().when(client.getPartitions(any(GetPartitionsRequest.class))).thenAnswer(call -> {
            count("GetPartitions");
            return GetPartitionsResponse.builder().partitions(new ArrayList<>(partitions
                    .getOrDefault(call.<GetPartitionsRequest>getArgument(0).tableName(), Map.of()).values())).build();
        });
        lenient().when(client.batchCreatePartition(any(BatchCreatePartitionRequest.class))).thenAnswer(call -> {
            count("BatchCreatePartition");
            BatchCreatePartitionRequest request = call.getArgument(0);
            request.partitionInputList().forEach(p -> partitions.get(request.tableName()).putIfAbsent(p.values(),
                    Partition.builder().values(p.values()).storageDescriptor(p.storageDescriptor())
                            .parameters(p.parameters()).build()));
            return BatchCreatePartitionResponse.builder().build();
        });
        lenient().when(client.batchDeletePartition(any(BatchDeletePartitionRequest.class))).thenAnswer(call -> {
            count("BatchDeletePartition");
            BatchDeletePartitionRequest request = call.getArgument(0);
            request.partitionsToDelete().forEach(v -> partitions.get(request.tableName()).remove(v.values()));
            return BatchDeletePartitionResponse.builder().build();
        });
    }

    long calls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void resetCalls() {
        calls.clear();
    }

    private void count(String action) {
        calls.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
    }

    private Table table(TableInput input) {
        return Table.builder().name(input.name()).versionId(String.valueOf(versions.incrementAndGet()))
                .parameters(input.parameters()).partitionKeys(input.partitionKeys())
                .storageDescriptor(input.storageDescriptor()).tableType(input.tableType()).build();
    }
}
