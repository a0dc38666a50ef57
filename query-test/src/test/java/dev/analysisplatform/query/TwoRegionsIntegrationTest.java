package dev.analysisplatform.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.export.AssumeRoleSourceClients;
import dev.analysisplatform.export.ExportLatestSnapshotHandler;
import dev.analysisplatform.export.ExportStatusHandler;
import dev.analysisplatform.export.ExporterSettings;
import dev.analysisplatform.export.catalog.RegisterExportHandler;
import dev.analysisplatform.testing.MotoServerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sources in two regions, one catalog: a PostgreSQL cluster in the analytics region and a MySQL instance in another,
 * each exported by the start function into its own region's bucket with its own region's key (the emulator, like RDS,
 * refuses a bucket or key in another region than the snapshot), checked by the status function, registered by the
 * registration function in the one Glue database of the analytics region, and queried together by Trino.
 */
class TwoRegionsIntegrationTest {

    private static final String ANALYTICS_REGION = "eu-west-1";
    private static final String OTHER_REGION = "us-west-2";

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension().asSdkDefault(ANALYTICS_REGION);

    private static final PlatformNames NAMES = new PlatformNames("ap-tr", "aws", ANALYTICS_REGION, "123456789012",
            "analysis-platform-tr-exports", "exports");
    private static final String DATABASE = NAMES.glueDatabaseName();
    private static final String EXPORT_ROLE = "arn:aws:iam::123456789012:role/example-export";

    private static GlueTrino trino;
    private static final Map<String, Map<String, Object>> exported = new LinkedHashMap<>();

    @BeforeAll
    static void exportBothRegionsAndStartTrino() throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String region : List.of(ANALYTICS_REGION, OTHER_REGION)) {
            try (S3Client s3 = S3Client.builder().region(Region.of(region)).build()) {
                s3.createBucket(b -> b.bucket(NAMES.exportBucketName(region))
                        .createBucketConfiguration(c -> c.locationConstraint(region)));
            }
            // moto's RDS does not look the key up; its region is what the emulator (patched, as RDS) checks.
            keys.put(region, "arn:aws:kms:" + region + ":123456789012:key/example-" + region);
        }
        try (RdsClient home = RdsClient.create();
             RdsClient away = RdsClient.builder().region(Region.of(OTHER_REGION)).build();
             GlueClient glue = GlueClient.create()) {
            glue.createDatabase(b -> b.databaseInput(d -> d.name(DATABASE)));
            home.createDBCluster(b -> b.dbClusterIdentifier("shop").engine("aurora-postgresql")
                    .masterUsername("demo_admin").masterUserPassword("example-only-1"));
            // Manual snapshots are exported only when tagged with their database (PlatformNames.DATABASE_TAG).
            home.createDBClusterSnapshot(b -> b.dbClusterIdentifier("shop").dbClusterSnapshotIdentifier("shop-day1")
                    .tags(t -> t.key(PlatformNames.DATABASE_TAG).value("shop")));
            away.createDBInstance(b -> b.dbInstanceIdentifier("billing").engine("mysql").dbInstanceClass("db.t3.micro")
                    .allocatedStorage(20).masterUsername("demo_admin").masterUserPassword("example-only-1"));
            away.createDBSnapshot(b -> b.dbInstanceIdentifier("billing").dbSnapshotIdentifier("billing-day1")
                    .tags(t -> t.key(PlatformNames.DATABASE_TAG).value("billing")));
        }
        // What Terraform gives the deployed start and status functions (ExporterFunctions).
        ExporterSettings settings = ExporterSettings.fromEnvironment(Map.of(
                ExporterSettings.EXPORT_BUCKET, NAMES.exportBucketName(ANALYTICS_REGION),
                ExporterSettings.EXPORT_KMS_KEY_ARN, keys.get(ANALYTICS_REGION),
                ExporterSettings.EXPORT_DESTINATIONS, JSON.std.asString(Map.of(OTHER_REGION, Map.of(
                        "bucket", NAMES.exportBucketName(OTHER_REGION), "kmsKeyArn", keys.get(OTHER_REGION))))));
        RegisterExportHandler.Clients registrarClients = RegisterExportHandler.Clients.standard();
        try (AssumeRoleSourceClients clients = AssumeRoleSourceClients.create();
             GlueClient glue = registrarClients.glue();
             S3Client s3 = registrarClients.s3()) {
            ExportLatestSnapshotHandler start = new ExportLatestSnapshotHandler(settings, clients);
            ExportStatusHandler status = new ExportStatusHandler(settings, clients);
            RegisterExportHandler register = new RegisterExportHandler(DATABASE, registrarClients);
            // No sourceRegion: the function's own, as for a source configured without a region.
            exportAndRegister(start, status, register, Map.of("sourceName", "shop", "dbClusterIdentifier", "shop",
                    "snapshotTypes", List.of("manual"), "exportRoleArn", EXPORT_ROLE));
            exportAndRegister(start, status, register, Map.of("sourceName", "billing", "dbInstanceIdentifier", "billing",
                    "snapshotTypes", List.of("manual"), "exportRoleArn", EXPORT_ROLE, "sourceRegion", OTHER_REGION));
        }
        trino = GlueTrino.start(MOTO.endpoint(), ANALYTICS_REGION, DATABASE);
    }

    private static void exportAndRegister(RequestStreamHandler start, RequestStreamHandler status,
                                          RequestStreamHandler register, Map<String, Object> source) throws Exception {
        Map<String, Object> started = invoke(start, source);
        Map<String, Object> checkInput = new LinkedHashMap<>(source);
        checkInput.putAll(started);
        Map<String, Object> checked = invoke(status, checkInput);
        assertThat(checked).as("status of %s", source.get("sourceName")).containsEntry("status", "COMPLETE");
        Map<String, Object> registered = invoke(register, checked);
        assertThat(registered).as("registration of %s", source.get("sourceName")).containsEntry("invalidTables", 0);
        exported.put(String.valueOf(source.get("sourceName")), checked);
    }

    private static Map<String, Object> invoke(RequestStreamHandler handler, Map<String, Object> input) throws Exception {
        Context context = mock(Context.class);
        when(context.getLogger()).thenReturn(mock(LambdaLogger.class));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.std.asBytes(input)), out, context);
        return JSON.std.mapFrom(out.toString(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void tearDown() {
        if (trino != null) {
            trino.close();
        }
    }

    @Test
    void eachSource_wasExportedInItsOwnRegion_intoThatRegionsBucket() {
        assertThat(exported.get("shop")).containsEntry("s3Bucket", NAMES.exportBucketName(ANALYTICS_REGION));
        assertThat(exported.get("billing")).containsEntry("s3Bucket", "analysis-platform-tr-exports-" + OTHER_REGION)
                .containsEntry("s3Prefix", "exports/123456789012/billing/billing");
        try (RdsClient away = RdsClient.builder().region(Region.of(OTHER_REGION)).build();
             RdsClient home = RdsClient.create()) {
            assertThat(away.describeExportTasks(b -> { }).exportTasks()).singleElement()
                    .satisfies(t -> assertThat(t.s3Bucket()).isEqualTo(NAMES.exportBucketName(OTHER_REGION)))
                    .satisfies(t -> assertThat(t.kmsKeyId()).contains(":kms:" + OTHER_REGION + ":"));
            assertThat(home.describeExportTasks(b -> { }).exportTasks()).singleElement()
                    .satisfies(t -> assertThat(t.s3Bucket()).isEqualTo(NAMES.exportBucketName(ANALYTICS_REGION)));
        }
    }

    @Test
    void theEmulator_likeRds_refusesABucketInAnotherRegionThanTheSnapshot() {
        try (RdsClient away = RdsClient.builder().region(Region.of(OTHER_REGION)).build()) {
            String snapshot = away.describeDBSnapshots(b -> b.dbSnapshotIdentifier("billing-day1")).dbSnapshots().get(0)
                    .dbSnapshotArn();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> away.startExportTask(b -> b
                            .exportTaskIdentifier("wrong-region").sourceArn(snapshot)
                            .s3BucketName(NAMES.exportBucketName(ANALYTICS_REGION)).iamRoleArn(EXPORT_ROLE)
                            .kmsKeyId("arn:aws:kms:" + OTHER_REGION + ":123456789012:key/example")))
                    .isInstanceOf(RdsException.class).hasMessageContaining("same AWS Region");
        }
    }

    @Test
    void oneCatalog_trinoQueriesBothRegionsTablesTogether() {
        String shopRows = "SELECT count(*) FROM shop_demo_public_orders";
        String billingRows = "SELECT count(*) FROM billing_demo_invoices";
        assertThat(trino.query(shopRows).getOnlyValue()).isEqualTo(3L);
        assertThat(trino.query(billingRows).getOnlyValue()).isEqualTo(2L);
        Object joined = trino.query("SELECT (" + shopRows + ") + (" + billingRows + ")").getOnlyValue();
        assertThat(joined).isEqualTo(5L);
    }
}
