package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.runtime.JsonInput;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import dev.analysisplatform.testing.MotoServer;
import dev.analysisplatform.testing.MotoServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ExportTask;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The exporter against moto over HTTP: an analytics account (moto's default) and a source account reached by
 * a real STS AssumeRole. moto exports manual snapshots only (its StartExportTask fails for "rds:" ids), so the
 * scenarios export manual ones; automated snapshots are covered by the unit tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExporterIntegrationTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension().asSdkDefault("eu-west-1");

    private static final String SOURCE_ACCOUNT = "222222222222";
    private static final String READER_ROLE = "arn:aws:iam::" + SOURCE_ACCOUNT + ":role/analysis-platform-it-snapshot-reader";
    private static final String EXPORT_ROLE = "arn:aws:iam::" + SOURCE_ACCOUNT + ":role/analysis-platform-it-snapshot-export";
    private static final String KMS_KEY = "arn:aws:kms:eu-west-1:" + MotoServer.ANALYTICS_ACCOUNT
            + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final int ORDERS_SNAPSHOTS = 30;

    private static AssumeRoleSourceClients clients;
    private static RdsClient sourceRds;
    private static StsClient seedSts;
    private static String newestOrdersSnapshot;

    private final List<String> log = new ArrayList<>();
    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            log.add(message);
        }

        @Override
        public void log(byte[] message) {
            log.add(new String(message));
        }
    };

    @BeforeAll
    static void seed() {
        seedSts = StsClient.create();
        sourceRds = RdsClient.builder().credentialsProvider(StsAssumeRoleCredentialsProvider.builder().stsClient(seedSts)
                .refreshRequest(r -> r.roleArn("arn:aws:iam::" + SOURCE_ACCOUNT + ":role/seeder").roleSessionName("seed"))
                .build()).build();
        // Manual snapshots count only when tagged with their database (CopyTagsToSnapshot tags each one).
        sourceRds.createDBCluster(b -> b.dbClusterIdentifier("orders").engine("aurora-postgresql")
                .masterUsername("admin_user").masterUserPassword("example-password-1")
                .tags(t -> t.key(dev.analysisplatform.contract.PlatformNames.DATABASE_TAG).value("orders")).copyTagsToSnapshot(true));
        sourceRds.createDBCluster(b -> b.dbClusterIdentifier("payments").engine("aurora-mysql")
                .masterUsername("admin_user").masterUserPassword("example-password-1")
                .tags(t -> t.key(dev.analysisplatform.contract.PlatformNames.DATABASE_TAG).value("payments")).copyTagsToSnapshot(true));
        for (int i = 1; i <= ORDERS_SNAPSHOTS; i++) {
            String id = String.format("orders-manual-%03d", i);
            sourceRds.createDBClusterSnapshot(b -> b.dbClusterIdentifier("orders").dbClusterSnapshotIdentifier(id));
            newestOrdersSnapshot = id;
            if (i % 10 == 0) {
                String other = "payments-manual-" + i;
                sourceRds.createDBClusterSnapshot(b -> b.dbClusterIdentifier("payments").dbClusterSnapshotIdentifier(other));
            }
        }
        sourceRds.createDBInstance(b -> b.dbInstanceIdentifier("billing").engine("postgres").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).masterUsername("admin_user").masterUserPassword("example-password-1")
                .tags(t -> t.key(dev.analysisplatform.contract.PlatformNames.DATABASE_TAG).value("billing")).copyTagsToSnapshot(true));
        sourceRds.createDBSnapshot(b -> b.dbInstanceIdentifier("billing").dbSnapshotIdentifier("billing-manual-1"));
        sourceRds.createDBSnapshot(b -> b.dbInstanceIdentifier("billing").dbSnapshotIdentifier("billing-manual-2"));

        clients = AssumeRoleSourceClients.create();
    }

    @AfterAll
    static void close() {
        clients.close();
        sourceRds.close();
        seedSts.close();
    }

    @BeforeEach
    void resetCounter() {
        CallCounter.reset();
    }

    private static ExporterSettings settings(String clusterOrNull, String instanceOrNull) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                ExporterSettings.EXPORT_BUCKET, "analysis-platform-it-exports",
                ExporterSettings.EXPORT_KMS_KEY_ARN, KMS_KEY,
                ExporterSettings.SOURCE_NAME, "shop",
                ExporterSettings.SOURCE_ROLE_ARN, READER_ROLE,
                ExporterSettings.EXPORT_ROLE_ARN, EXPORT_ROLE,
                ExporterSettings.SNAPSHOT_TYPES, "manual"));
        if (clusterOrNull != null) {
            env.put(ExporterSettings.DB_CLUSTER_IDENTIFIER, clusterOrNull);
        }
        if (instanceOrNull != null) {
            env.put(ExporterSettings.DB_INSTANCE_IDENTIFIER, instanceOrNull);
        }
        return ExporterSettings.fromEnvironment(env);
    }

    private ExportResult run(ExporterSettings settings, Map<String, Object> input) {
        ExportRequest request = new ExportRequestParser(settings.sourceDefaults()).parse(JsonInput.of(input));
        return new SnapshotExporter(clients, settings).export(request, new DecisionLog(logger));
    }

    private static List<ExportTask> tasksInSourceAccount() {
        return sourceRds.describeExportTasks(b -> { }).exportTasks();
    }

    @Test
    @Order(1)
    void firstRun_exportsNewestSnapshotWithRightDestinationRoleAndKey_inMinimumCalls() {
        ExportResult result = run(settings("orders", null), Map.of());

        assertThat(result.snapshotIdentifier()).isEqualTo(newestOrdersSnapshot);
        assertThat(result.sourceArn()).isEqualTo("arn:aws:rds:eu-west-1:" + SOURCE_ACCOUNT + ":cluster-snapshot:" + newestOrdersSnapshot);
        assertThat(result.alreadyExported()).isFalse();
        List<ExportTask> tasks = tasksInSourceAccount();
        assertThat(tasks).singleElement().satisfies(task -> {
            assertThat(task.exportTaskIdentifier()).isEqualTo(result.exportTaskIdentifier());
            assertThat(task.sourceArn()).isEqualTo(result.sourceArn());
            assertThat(task.s3Bucket()).isEqualTo("analysis-platform-it-exports");
            assertThat(task.s3Prefix()).isEqualTo("exports/" + SOURCE_ACCOUNT + "/shop/orders");
            assertThat(task.iamRoleArn()).isEqualTo(EXPORT_ROLE);
            assertThat(task.kmsKeyId()).isEqualTo(KMS_KEY);
        });
        // ceil(30/100) list call + 1 AssumeRole + 1 idempotency look-up + 1 start; the describe above is the test's own.
        assertThat(CallCounter.calls()).startsWith("Sts:AssumeRole", "Rds:DescribeDBClusterSnapshots",
                "Rds:DescribeExportTasks", "Rds:StartExportTask");
        assertThat(CallCounter.calls()).hasSize(5);
    }

    @Test
    @Order(2)
    void secondRun_exportsNothingNew() {
        ExportResult again = run(settings("orders", null), Map.of());

        assertThat(again.alreadyExported()).isTrue();
        assertThat(again.snapshotIdentifier()).isEqualTo(newestOrdersSnapshot);
        assertThat(CallCounter.count("Rds:StartExportTask")).isZero();
        assertThat(CallCounter.count("Sts:AssumeRole")).as("credentials are cached per container").isZero();
        assertThat(tasksInSourceAccount()).hasSize(1);
        assertThat(log).anyMatch(line -> line.contains("export_exists"));
    }

    @Test
    @Order(3)
    void dryRunOnSecondCluster_startsNothing() {
        ExportResult dry = run(settings("orders", null), Map.of("dbClusterIdentifier", "payments", "dryRun", true));

        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.status()).isEqualTo(ExportResult.NOT_STARTED);
        assertThat(dry.snapshotIdentifier()).isEqualTo("payments-manual-30");
        assertThat(CallCounter.count("Rds:StartExportTask")).isZero();
        assertThat(tasksInSourceAccount()).hasSize(1);
    }

    @Test
    @Order(4)
    void instanceSnapshot_exportsWithInstanceArn_andStatusHandlerSeesIt() {
        ExportResult result = run(settings(null, "billing"), Map.of());

        assertThat(result.sourceArn()).isEqualTo("arn:aws:rds:eu-west-1:" + SOURCE_ACCOUNT + ":snapshot:billing-manual-2");
        assertThat(result.s3Prefix()).isEqualTo("exports/" + SOURCE_ACCOUNT + "/shop/billing");
        Map<String, Object> status = new ExportStatusChecker(clients).check(new SourceAccess(READER_ROLE, null),
                result.exportTaskIdentifier(), result.toJson(), new DecisionLog(logger));
        assertThat(status.get("status")).isEqualTo("COMPLETE");
        assertThat(tasksInSourceAccount()).hasSize(2);
    }

    /**
     * Upgrading to the account-scoped layout: the newest snapshot was exported by the version before, under
     * exports/<source>/...; that task is this export, so nothing is started again (RDS bills every export per GB).
     */
    @Test
    @Order(5)
    void snapshotExportedBeforeTheAccountSegment_isNotExportedAgain() {
        sourceRds.createDBClusterSnapshot(b -> b.dbClusterIdentifier("payments").dbClusterSnapshotIdentifier("payments-new"));
        String arn = sourceRds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier("payments-new"))
                .dbClusterSnapshots().get(0).dbClusterSnapshotArn();
        sourceRds.startExportTask(b -> b.exportTaskIdentifier("exp-before-the-upgrade").sourceArn(arn)
                .s3BucketName("analysis-platform-it-exports").s3Prefix("exports/shop/payments").iamRoleArn(EXPORT_ROLE)
                .kmsKeyId(KMS_KEY));
        int before = tasksInSourceAccount().size();

        ExportResult result = run(settings("payments", null), Map.of());

        assertThat(result.alreadyExported()).isTrue();
        assertThat(result.exportTaskIdentifier()).isEqualTo("exp-before-the-upgrade");
        assertThat(result.s3Prefix()).isEqualTo("exports/shop/payments");
        assertThat(tasksInSourceAccount()).hasSize(before);
    }
}
