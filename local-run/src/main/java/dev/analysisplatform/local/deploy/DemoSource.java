package dev.analysisplatform.local.deploy;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The demo databases of the source account: an Aurora PostgreSQL cluster and an RDS for MySQL instance (the emulator
 * writes their demo tables on export: tools/rds_export_simulation.py), each with a few manual
 * snapshots (the emulator can export manual snapshots only), named as {@code environments/local.json} expects.
 */
public final class DemoSource {

    static final String CLUSTER = "shop-orders";
    static final String INSTANCE = "shop-billing";
    static final int CLUSTER_SNAPSHOTS = 3;
    static final int INSTANCE_SNAPSHOTS = 2;

    private DemoSource() {
    }

    /** Creates the databases and snapshots; returns the newest snapshot of each, cluster first. */
    public static List<String> seed(Emulator emulator, String sourceAccountId) {
        var http = UrlConnectionHttpClient.create();
        var testing = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        try (StsClient sts = StsClient.builder().httpClient(http).region(Region.of(emulator.region()))
                .endpointOverride(URI.create(emulator.endpoint())).credentialsProvider(testing).build();
             RdsClient rds = RdsClient.builder().httpClient(http).region(Region.of(emulator.region()))
                     .endpointOverride(URI.create(emulator.endpoint()))
                     .credentialsProvider(StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                             .refreshRequest(r -> r.roleArn(emulator.deployerRoleArn(sourceAccountId))
                                     .roleSessionName("analysis-platform-local-seed"))
                             .build())
                     .build()) {
            // Tagged as the README asks of a source whose manual snapshots are exported: the tag names the database,
            // and CopyTagsToSnapshot puts it on every snapshot taken of it.
            rds.createDBCluster(b -> b.dbClusterIdentifier(CLUSTER).engine("aurora-postgresql")
                    .masterUsername("demo_admin").masterUserPassword("demo-password-1")
                    .tags(t -> t.key(dev.analysisplatform.contract.PlatformNames.DATABASE_TAG).value(CLUSTER)).copyTagsToSnapshot(true));
            String newestCluster = null;
            for (int i = 1; i <= CLUSTER_SNAPSHOTS; i++) {
                newestCluster = CLUSTER + "-demo-" + i;
                String id = newestCluster;
                rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier(CLUSTER).dbClusterSnapshotIdentifier(id));
            }
            rds.createDBInstance(b -> b.dbInstanceIdentifier(INSTANCE).engine("mysql").dbInstanceClass("db.t4g.micro")
                    .allocatedStorage(20).masterUsername("demo_admin").masterUserPassword("demo-password-1")
                    .tags(t -> t.key(dev.analysisplatform.contract.PlatformNames.DATABASE_TAG).value(INSTANCE)).copyTagsToSnapshot(true));
            String newestInstance = null;
            for (int i = 1; i <= INSTANCE_SNAPSHOTS; i++) {
                newestInstance = INSTANCE + "-demo-" + i;
                String id = newestInstance;
                rds.createDBSnapshot(b -> b.dbInstanceIdentifier(INSTANCE).dbSnapshotIdentifier(id));
            }
            return List.of(newestCluster, newestInstance);
        } finally {
            http.close();
        }
    }
}
