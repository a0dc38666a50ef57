package dev.analysisplatform.query;

import static io.trino.testing.TestingSession.testSessionBuilder;

import io.trino.Session;
import io.trino.plugin.hive.HivePlugin;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.MaterializedResult;
import java.util.Map;

/**
 * Trino in this JVM, reading the Glue Data Catalog and S3 of one endpoint (the emulator) the way Athena engine v3
 * does: the Hive connector on a Glue metastore, catalog {@code awsdatacatalog}, Parquet read by column name,
 * timestamps at millisecond precision (Athena: "Athena supports timestamps up to millisecond precision").
 */
public final class GlueTrino implements AutoCloseable {

    public static final String CATALOG = "awsdatacatalog";

    private final DistributedQueryRunner runner;

    private GlueTrino(DistributedQueryRunner runner) {
        this.runner = runner;
    }

    /** Starts a coordinator-only Trino whose default schema is {@code glueDatabase}. */
    public static GlueTrino start(String endpoint, String region, String glueDatabase) throws Exception {
        Session session = testSessionBuilder().setCatalog(CATALOG).setSchema(glueDatabase).build();
        DistributedQueryRunner runner = DistributedQueryRunner.builder(session).setWorkerCount(0).build();
        try {
            runner.installPlugin(new HivePlugin());
            runner.createCatalog(CATALOG, "hive", Map.ofEntries(
                    Map.entry("hive.metastore", "glue"),
                    Map.entry("hive.metastore.glue.endpoint-url", endpoint),
                    Map.entry("hive.metastore.glue.region", region),
                    Map.entry("hive.metastore.glue.aws-access-key", "testing"),
                    Map.entry("hive.metastore.glue.aws-secret-key", "testing"),
                    Map.entry("hive.parquet.use-column-names", "true"),
                    Map.entry("hive.timestamp-precision", "MILLISECONDS"),
                    Map.entry("fs.native-s3.enabled", "true"),
                    Map.entry("s3.endpoint", endpoint),
                    Map.entry("s3.region", region),
                    Map.entry("s3.path-style-access", "true"),
                    Map.entry("s3.aws-access-key", "testing"),
                    Map.entry("s3.aws-secret-key", "testing")));
            return new GlueTrino(runner);
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    public MaterializedResult query(String sql) {
        return runner.execute(sql);
    }

    @Override
    public void close() {
        runner.close();
    }
}
