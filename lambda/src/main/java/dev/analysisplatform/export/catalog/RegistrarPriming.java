package dev.analysisplatform.export.catalog;

import dev.analysisplatform.export.runtime.CannedHttpClient;
import java.util.Map;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The registrar's AWS calls answered in-process (SnapStart priming): list an export's folders, read its
 * metadata file, read, create and update a table and its partitions.
 */
public final class RegistrarPriming {

    private static final String TABLE = "{\"Table\": {\"Name\": \"priming\", \"DatabaseName\": \"priming\", "
            + "\"VersionId\": \"1\", \"Parameters\": {}, \"PartitionKeys\": [{\"Name\": \"rds_partition\", \"Type\": "
            + "\"string\"}], \"StorageDescriptor\": {\"Location\": \"s3://priming/t/\", \"Columns\": [{\"Name\": "
            + "\"id\", \"Type\": \"bigint\"}]}}}";
    private static final Map<String, String> ANSWERS = Map.of(
            "GetTable", TABLE,
            "GetPartitions", "{\"Partitions\": []}",
            "GetTables", "{\"TableList\": []}",
            "BatchUpdatePartition", "{\"Errors\": []}",
            "CreateTable", "{}",
            "UpdateTable", "{}",
            "BatchCreatePartition", "{\"Errors\": []}",
            "list-type", "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>priming</Name>"
                    + "<Prefix>p/</Prefix><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated><CommonPrefixes>"
                    + "<Prefix>p/t/</Prefix></CommonPrefixes></ListBucketResult>");

    private RegistrarPriming() {
    }

    /** One pass over every kind of call; no endpoint is contacted and nothing is kept. */
    public static void prime() {
        try (CannedHttpClient http = new CannedHttpClient(ANSWERS);
             GlueClient glue = http.client(GlueClient.builder());
             S3Client s3 = http.client(S3Client.builder())) {
            s3.listObjectsV2Paginator(b -> b.bucket("priming").prefix("p/").delimiter("/"))
                    .commonPrefixes().forEach(p -> p.prefix());
            s3.getObject(b -> b.bucket("priming").key("p/export_tables_info_priming.json"), ResponseTransformer.toBytes());
            var table = glue.getTable(b -> b.databaseName("priming").name("priming")).table();
            glue.getPartitionsPaginator(b -> b.databaseName("priming").tableName("priming"))
                    .forEach(page -> page.partitions().forEach(p -> p.values()));
            glue.createTable(b -> b.databaseName("priming").tableInput(t -> t.name("priming")
                    .storageDescriptor(table.storageDescriptor()).partitionKeys(table.partitionKeys())));
            glue.updateTable(b -> b.databaseName("priming").versionId(table.versionId())
                    .tableInput(t -> t.name("priming").storageDescriptor(table.storageDescriptor())));
            glue.batchCreatePartition(b -> b.databaseName("priming").tableName("priming")
                    .partitionInputList(p -> p.values("1").storageDescriptor(table.storageDescriptor())));
            glue.getTablesPaginator(b -> b.databaseName("priming").expression("priming.*"))
                    .forEach(page -> page.tableList().forEach(t -> t.name()));
            glue.batchUpdatePartition(b -> b.databaseName("priming").tableName("priming").entries(e -> e
                    .partitionValueList("1").partitionInput(p -> p.values("1").storageDescriptor(table.storageDescriptor()))));
            s3.listObjectsV2Paginator(b -> b.bucket("priming").prefix("p/")).contents().forEach(o -> o.key());
        }
    }
}
