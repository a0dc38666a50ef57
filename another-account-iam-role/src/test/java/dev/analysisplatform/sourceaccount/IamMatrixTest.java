package dev.analysisplatform.sourceaccount;

import dev.analysisplatform.contract.Defaults;

import dev.analysisplatform.contract.ValueRules;

import static org.assertj.core.api.Assertions.assertThat;

import com.hashicorp.cdktf.Testing;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.environment.SourceDefinition;
import dev.analysisplatform.infra.AnalyticsStack;
import dev.analysisplatform.infra.SynthesizedStack;
import dev.analysisplatform.infra.TestEnvironments;
import dev.analysisplatform.sourceaccount.IamEvaluator.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The synthesized policies of both apps, evaluated by a real IAM policy evaluator (identity and resource policies
 * together, across accounts) against two request matrices: every call the pipeline makes, from the principal that
 * makes it, must be allowed; calls outside the pipeline's purpose must be denied. Requests that carry a context key
 * AWS does not document for that service (aws:SourceAccount when Lambda or RDS export assume a role,
 * iam:PassedToService on RDS's PassRole, s3:prefix on RDS's bucket check) are evaluated with and without the key,
 * and must be allowed both ways. Runs for environments/dev.json, an environment with two source accounts, and one
 * whose sources take every snapshot type, and one with sources in two regions (each source's chain works in its own
 * region's bucket and key, and in no other region's).
 */
class IamMatrixTest {

    private static final Map<String, Integer> CHECKED = new HashMap<>();

    static Stream<Arguments> environments() {
        return Stream.of(
                Arguments.of("dev.json", new EnvironmentLoader(Path.of("..", "environments")).load("dev")),
                Arguments.of("two source accounts", TestEnvironments.standard()),
                // Every snapshot type, on a cluster and an instance in one account.
                Arguments.of("every snapshot type", TestEnvironments.with(List.of(),
                        new SourceDefinition("orders", TestEnvironments.SOURCE_A, "orders-aurora", null,
                                ValueRules.SNAPSHOT_TYPES, List.of(), null, Defaults.MAX_SNAPSHOT_AGE_HOURS, null),
                        new SourceDefinition("billing", TestEnvironments.SOURCE_A, null, "billing-postgres",
                                ValueRules.SNAPSHOT_TYPES, List.of(), null, Defaults.MAX_SNAPSHOT_AGE_HOURS, null))),
                // Sources in two regions: account A in both, account B only in the second.
                Arguments.of("two regions", TestEnvironments.with(List.of(),
                        TestEnvironments.cluster("orders", TestEnvironments.SOURCE_A, "orders-aurora", null),
                        new SourceDefinition("stock", TestEnvironments.SOURCE_A, "stock-aurora", null,
                                List.of("automated", "manual"), List.of(), null, Defaults.MAX_SNAPSHOT_AGE_HOURS, "us-west-2"),
                        new SourceDefinition("billing", TestEnvironments.SOURCE_B, null, "billing-postgres",
                                List.of("automated"), List.of(), "example-external-id", Defaults.MAX_SNAPSHOT_AGE_HOURS,
                                "us-west-2"))));
    }

    @AfterAll
    static void report() {
        System.out.println("IAM matrix: " + CHECKED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void pipelineCalls_areAllowed_andEverythingElseTheyTryIsDenied(String name, EnvironmentDefinition environment)
            throws Exception {
        IamPolicies policies = new IamPolicies().add(SynthesizedStack.of(new AnalyticsStack(Testing.app(), "analytics",
                environment, TestEnvironments.artifacts())), environment.analyticsAccountId());
        for (String account : environment.sourceAccountIds()) {
            policies.add(SynthesizedStack.of(new SourceAccountStack(Testing.app(), "source", environment, account)), account);
        }
        PlatformNames names = environment.names();
        policies.identityPolicies.put(Matrix.analyst(environment), List.of(policies.managedPolicies.get(names.prefix() + "-analyst")));
        Matrix matrix = new Matrix(environment);
        for (String sender : matrix.eventSenders()) {
            policies.identityPolicies.put(sender, List.of((com.fasterxml.jackson.databind.node.ObjectNode) IamPolicies.MAPPER
                    .readTree("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                            + "\"Action\": \"events:PutEvents\", \"Resource\": \"*\"}]}")));
        }
        IamEvaluator evaluator = new IamEvaluator(policies);

        Map<String, String> allowed = evaluator.evaluate(matrix.mustAllow);
        Map<String, String> denied = evaluator.evaluate(matrix.mustDeny);

        assertThat(allowed).as("must be allowed").hasSize(matrix.mustAllow.size())
                .allSatisfy((id, verdict) -> assertThat(verdict).as(id).isEqualTo("Allowed"));
        assertThat(denied).as("must be denied").hasSize(matrix.mustDeny.size())
                .allSatisfy((id, verdict) -> assertThat(verdict).as(id).endsWith("Denied"));
        CHECKED.put(name + " allowed", allowed.size());
        CHECKED.put(name + " denied", denied.size());
    }

    /**
     * The export bucket's policy alone keeps each source account in its own folder: an export role that its own account
     * widened to every S3 action on everything still writes nowhere but under {@code exports/<its account>/}.
     */
    @org.junit.jupiter.api.Test
    void aWidenedExportRole_writesOnlyIntoItsOwnAccountsFolder() throws Exception {
        EnvironmentDefinition environment = TestEnvironments.standard();
        IamPolicies policies = new IamPolicies().add(SynthesizedStack.of(new AnalyticsStack(Testing.app(), "analytics",
                environment, TestEnvironments.artifacts())), environment.analyticsAccountId());
        PlatformNames names = environment.names();
        String account = TestEnvironments.SOURCE_A;
        String role = names.exportRoleArn(account);
        policies.identityPolicies.put(role, List.of((com.fasterxml.jackson.databind.node.ObjectNode) IamPolicies.MAPPER
                .readTree("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                        + "\"Action\": \"s3:*\", \"Resource\": \"*\"}]}")));
        String bucket = names.exportBucketArn() + "/";
        Map<String, Object> context = Map.of("aws:PrincipalArn", role, "aws:PrincipalAccount", account,
                "aws:SecureTransport", "true");
        String analytics = environment.analyticsAccountId();
        policies.identityPolicies.put(names.roleArn(account, "someone-else"), policies.identityPolicies.get(role));
        List<Request> allowed = List.of(
                new Request("own source", role, "s3:PutObject", bucket + names.sourcePrefix(account, "orders") + "/x",
                        analytics, context),
                new Request("list own folder", role, "s3:ListBucket", names.exportBucketArn(), analytics,
                        Map.of("aws:PrincipalArn", role, "aws:PrincipalAccount", account, "aws:SecureTransport", "true",
                                "s3:prefix", "exports/" + account + "/orders/")),
                new Request("own account, any name", role, "s3:PutObject", bucket + "exports/" + account + "/new/x",
                        analytics, context));
        List<Request> denied = List.of(
                new Request("other account's source", role, "s3:PutObject",
                        bucket + names.sourcePrefix(TestEnvironments.SOURCE_B, "billing") + "/x", analytics, context),
                new Request("other source's legacy prefix", role, "s3:PutObject",
                        bucket + names.legacySourcePrefix("billing") + "/x", analytics, context),
                new Request("run records", role, "s3:PutObject", bucket + "runs/x/outcomes/orders.json", analytics, context),
                new Request("configured sources", role, "s3:GetObject", bucket + "configuration/sources.json", analytics,
                        context),
                new Request("delete in other account's folder", role, "s3:DeleteObject",
                        bucket + names.sourcePrefix(TestEnvironments.SOURCE_B, "billing") + "/x", analytics, context),
                new Request("list other account's folder", role, "s3:ListBucket", names.exportBucketArn(), analytics,
                        Map.of("aws:PrincipalArn", role, "aws:PrincipalAccount", account, "aws:SecureTransport", "true",
                                "s3:prefix", "exports/" + TestEnvironments.SOURCE_B + "/")),
                new Request("another role of the account", names.roleArn(account, "someone-else"), "s3:PutObject",
                        bucket + names.sourcePrefix(account, "orders") + "/x", analytics,
                        Map.of("aws:PrincipalArn", names.roleArn(account, "someone-else"), "aws:PrincipalAccount", account,
                                "aws:SecureTransport", "true")));

        IamEvaluator evaluator = new IamEvaluator(policies);
        assertThat(evaluator.evaluate(allowed)).hasSize(allowed.size())
                .allSatisfy((id, verdict) -> assertThat(verdict).as(id).isEqualTo("Allowed"));
        assertThat(evaluator.evaluate(denied)).hasSize(denied.size())
                .allSatisfy((id, verdict) -> assertThat(verdict).as(id).endsWith("Denied"));
    }

    /**
     * Each region's key policy alone admits only the accounts with a source in that region: an export role widened by
     * its own account to every KMS action on everything uses its region's key and no other region's.
     */
    @org.junit.jupiter.api.Test
    void aWidenedExportRole_usesOnlyTheKeyOfItsSourcesRegion() throws Exception {
        EnvironmentDefinition environment = TestEnvironments.with(List.of(),
                TestEnvironments.cluster("orders", TestEnvironments.SOURCE_A, "orders-aurora", null),
                new SourceDefinition("billing", TestEnvironments.SOURCE_B, null, "billing-postgres", List.of("automated"),
                        List.of(), null, Defaults.MAX_SNAPSHOT_AGE_HOURS, "us-west-2"));
        IamPolicies policies = new IamPolicies().add(SynthesizedStack.of(new AnalyticsStack(Testing.app(), "analytics",
                environment, TestEnvironments.artifacts())), environment.analyticsAccountId());
        PlatformNames names = environment.names();
        String analytics = environment.analyticsAccountId();
        List<Request> allowed = new ArrayList<>();
        List<Request> denied = new ArrayList<>();
        for (String account : List.of(TestEnvironments.SOURCE_A, TestEnvironments.SOURCE_B)) {
            String role = names.exportRoleArn(account);
            policies.identityPolicies.put(role, List.of((com.fasterxml.jackson.databind.node.ObjectNode) IamPolicies.MAPPER
                    .readTree("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                            + "\"Action\": \"kms:*\", \"Resource\": \"*\"}]}")));
            String own = environment.regionOf(environment.sourcesIn(account).get(0));
            for (String region : environment.exportRegions()) {
                Request request = new Request(account + " uses the key in " + region, role, "kms:GenerateDataKey",
                        "arn:aws:kms:" + region + ":" + analytics + ":key/" + IamPolicies.KEY_ID, analytics,
                        Map.of("aws:PrincipalArn", role, "aws:PrincipalAccount", account));
                (region.equals(own) ? allowed : denied).add(request);
            }
        }

        IamEvaluator evaluator = new IamEvaluator(policies);
        assertThat(evaluator.evaluate(allowed)).hasSize(2)
                .allSatisfy((id, verdict) -> assertThat(verdict).as(id).isEqualTo("Allowed"));
        assertThat(evaluator.evaluate(denied)).hasSize(2)
                .allSatisfy((id, verdict) -> assertThat(verdict).as(id).endsWith("Denied"));
    }

    /** The requests, built from the environment's names exactly as the code makes them. */
    static final class Matrix {
        final List<Request> mustAllow = new ArrayList<>();
        final List<Request> mustDeny = new ArrayList<>();
        private final EnvironmentDefinition env;
        private final PlatformNames names;
        private final String analytics;
        private final String region;
        private final String keyArn;
        private final String bucketArn;

        Matrix(EnvironmentDefinition env) {
            this.env = env;
            this.names = env.names();
            this.analytics = env.analyticsAccountId();
            this.region = env.region();
            this.keyArn = "arn:aws:kms:" + region + ":" + analytics + ":key/" + IamPolicies.KEY_ID;
            this.bucketArn = names.exportBucketArn();
            env.sources().forEach(this::sourceCalls);
            analyticsCalls();
            analystCalls();
            if (env.startsOnSnapshot()) {
                snapshotEventCalls();
            }
        }

        /** Roles the stacks do not create, allowed events:PutEvents anywhere by their own accounts' policies. */
        List<String> eventSenders() {
            List<String> senders = new ArrayList<>(List.of(role(STRANGER, names.snapshotForwarderRoleName())));
            env.sourceAccountIds().forEach(a -> senders.add(role(a, "someone-else")));
            return senders;
        }

        static final String STRANGER = "999999999999";

        /**
         * The event chain of startOn "snapshot": each source account's forwarder role may put events on the analytics
         * bus (its own policy and the bus's both allow it); nobody else may, even with their own account's blessing;
         * the starter role starts this state machine and no other.
         */
        private void snapshotEventCalls() {
            String bus = names.snapshotEventBusArn();
            for (String account : env.sourceAccountIds()) {
                String forwarder = role(account, names.snapshotForwarderRoleName());
                allow("forwarder of " + account + " puts events on the analytics bus", forwarder, "events:PutEvents",
                        bus, analytics, Map.of("aws:PrincipalArn", forwarder));
                deny("forwarder of " + account + " puts events on the analytics account's default bus", forwarder,
                        "events:PutEvents", "arn:aws:events:" + region + ":" + analytics + ":event-bus/default", analytics,
                        Map.of("aws:PrincipalArn", forwarder));
                String other = role(account, "someone-else");
                deny("another role of " + account + " puts events on the analytics bus", other, "events:PutEvents", bus,
                        analytics, Map.of("aws:PrincipalArn", other));
            }
            String stranger = role(STRANGER, names.snapshotForwarderRoleName());
            deny("a forwarder role of an account that is not configured", stranger, "events:PutEvents", bus, analytics,
                    Map.of("aws:PrincipalArn", stranger));
            String starter = role(analytics, names.snapshotStarterRoleName());
            allow("starter starts the export state machine", starter, "states:StartExecution", names.stateMachineArn(),
                    analytics, Map.of());
            deny("starter starts another state machine", starter, "states:StartExecution",
                    "arn:aws:states:" + region + ":" + analytics + ":stateMachine:other", analytics, Map.of());
        }

        private void sourceCalls(SourceDefinition source) {
            String account = source.accountId();
            String reader = names.readerRoleArn(account);
            String exportRole = names.exportRoleArn(account);
            // The source's own region: its database, and the bucket and key RDS exports it to.
            String region = env.regionOf(source);
            String keyArn = keyIn(region);
            String bucketArn = names.exportBucketArn(region);
            String rds = "arn:aws:rds:" + region + ":" + account;
            String kind = source.isCluster() ? ":cluster-snapshot:" : ":snapshot:";
            String id = source.name();

            Map<String, Object> assume = new HashMap<>(Map.of("aws:PrincipalArn", names.exporterRoleArn()));
            if (source.externalId() != null) {
                assume.put("sts:ExternalId", source.externalId());
                deny(id + " assume without ExternalId", names.exporterRoleArn(), "sts:AssumeRole", reader, account,
                        Map.of("aws:PrincipalArn", names.exporterRoleArn()));
            }
            allow(id + " exporter assumes reader", names.exporterRoleArn(), "sts:AssumeRole", reader, account, assume);
            deny(id + " planner assumes reader", role(analytics, names.prefix() + "-planner"), "sts:AssumeRole", reader,
                    account, Map.of("aws:PrincipalArn", role(analytics, names.prefix() + "-planner")));

            if (source.isCluster()) {
                allow(id + " list cluster snapshots", reader, "rds:DescribeDBClusterSnapshots",
                        source.databaseArn("aws", region), account, Map.of());
            } else {
                allow(id + " list instance snapshots", reader, "rds:DescribeDBSnapshots",
                        source.databaseArn("aws", region), account, Map.of());
            }
            allow(id + " find export tasks", reader, "rds:DescribeExportTasks", "*", account, Map.of());
            String tag = "aws:ResourceTag/" + dev.analysisplatform.contract.PlatformNames.DATABASE_TAG;
            for (String type : source.snapshotTypes()) {
                String owner = type.equals("shared") ? "arn:aws:rds:" + region + ":444444444444" : rds;
                String snapshot = owner + kind + (type.equals("automated") ? "rds:" + source.databaseIdentifier()
                        + "-2026-11-25-03-10" : type.equals("awsbackup") ? "awsbackup:job-1" : "before-migration");
                if (type.equals("automated")) {
                    allow(id + " export " + type + " snapshot", reader, "rds:StartExportTask", snapshot, account, Map.of());
                    continue;
                }
                // Free-form names: only the tag says whose snapshot it is. Before: any snapshot of that kind.
                allow(id + " export tagged " + type + " snapshot", reader, "rds:StartExportTask", snapshot, account,
                        Map.of(tag, source.databaseIdentifier()));
                deny(id + " export untagged " + type + " snapshot", reader, "rds:StartExportTask", snapshot, account,
                        Map.of());
                deny(id + " export " + type + " snapshot of another database", reader, "rds:StartExportTask", snapshot,
                        account, Map.of(tag, "someone-elses-db"));
            }
            // Whatever the types: another database's automated snapshot is never allowed.
            deny(id + " export another database's automated snapshot", reader, "rds:StartExportTask",
                    rds + kind + "rds:someone-elses-db-2026-11-25-03-10", account, Map.of());
            // Before: rds:<db>-* also matched a database named <db>-archive (RDS identifiers may contain '-').
            deny(id + " export the automated snapshot of a database whose name starts with this one's", reader,
                    "rds:StartExportTask", rds + kind + "rds:" + source.databaseIdentifier() + "-archive-2026-11-25-03-10",
                    account, Map.of());
            if (source.isCluster()) {
                deny(id + " export the live cluster", reader, "rds:StartExportTask", source.databaseArn("aws", region),
                        account, Map.of());
            }
            deny(id + " cancel an export", reader, "rds:CancelExportTask", "*", account, Map.of());
            // One region: RDS exports a snapshot only to a bucket in its own region, and the export bucket and key are
            // in the analytics region, so nothing of the chain works on a snapshot elsewhere.
            // A region where this account has no source (the chain is per account: one export role, one key per region).
            List<String> accountRegions = env.sourcesIn(account).stream().map(env::regionOf).toList();
            String elsewhere = Stream.of("us-west-2", "eu-central-1", "ap-south-1").filter(r -> !accountRegions.contains(r))
                    .findFirst().orElseThrow();
            deny(id + " export its automated snapshot in another region", reader, "rds:StartExportTask",
                    "arn:aws:rds:" + elsewhere + ":" + account + kind + "rds:" + source.databaseIdentifier()
                            + "-2026-11-25-03-10", account, Map.of());
            deny(id + " list its snapshots in another region", reader, source.isCluster()
                    ? "rds:DescribeDBClusterSnapshots" : "rds:DescribeDBSnapshots",
                    source.databaseArn("aws", elsewhere), account, Map.of());

            allowWithAndWithout(id + " pass export role", reader, "iam:PassRole", exportRole, account,
                    Map.of(), Map.of("iam:PassedToService", "export.rds.amazonaws.com"));
            deny(id + " pass another role", reader, "iam:PassRole", role(account, "admin"), account, Map.of());

            Map<String, Object> key = Map.of("aws:PrincipalArn", reader, "kms:ResourceAliases", List.of(names.keyAliasName()),
                    "kms:GrantIsForAWSResource", "true");
            allow(id + " grant key to RDS", reader, "kms:CreateGrant", keyArn, analytics, key);
            allow(id + " describe key", reader, "kms:DescribeKey", keyArn, analytics, key);
            Map<String, Object> ownGrant = new HashMap<>(key);
            ownGrant.put("kms:GrantIsForAWSResource", "false");
            deny(id + " grant key to anyone", reader, "kms:CreateGrant", keyArn, analytics, ownGrant);

            allowWithAndWithout(id + " RDS export assumes export role", "export.rds.amazonaws.com", "sts:AssumeRole",
                    exportRole, account, Map.of(), Map.of("aws:SourceAccount", account));
            String prefix = names.sourcePrefix(account, source.name());
            Map<String, Object> writer = Map.of("aws:PrincipalArn", exportRole, "aws:PrincipalAccount", account,
                    "aws:SecureTransport", "true");
            allow(id + " RDS writes parquet", exportRole, "s3:PutObject", bucketArn + "/" + prefix + "/exp-1/db/t/1/part-0.parquet",
                    analytics, writer);
            allow(id + " RDS reads back", exportRole, "s3:GetObject", bucketArn + "/" + prefix + "/exp-1/export_info_exp-1.json",
                    analytics, writer);
            allow(id + " RDS locates bucket", exportRole, "s3:GetBucketLocation", bucketArn, analytics, writer);
            Map<String, Object> listOwn = new HashMap<>(writer);
            listOwn.put("s3:prefix", prefix + "/exp-1/");
            allowWithAndWithout(id + " RDS lists bucket", exportRole, "s3:ListBucket", bucketArn, analytics, writer, listOwn);
            Map<String, Object> listOther = new HashMap<>(writer);
            listOther.put("s3:prefix", env.exportPrefix() + "/someone-else/");
            deny(id + " RDS lists another prefix", exportRole, "s3:ListBucket", bucketArn, analytics, listOther);
            deny(id + " RDS writes another source's prefix", exportRole, "s3:PutObject",
                    bucketArn + "/" + env.exportPrefix() + "/someone-else/db/x.parquet", analytics, writer);
            deny(id + " RDS writes into another account's folder", exportRole, "s3:PutObject",
                    bucketArn + "/" + env.exportPrefix() + "/" + STRANGER + "/" + source.name() + "/db/x.parquet",
                    analytics, writer);
            // The export role still allows the folder from before the account segment (source stacks may be upgraded
            // first); this version's bucket policy no longer does.
            deny(id + " RDS writes its legacy prefix", exportRole, "s3:PutObject", bucketArn + "/"
                    + names.legacySourcePrefix(source.name()) + "/exp-1/db/t/1/part-0.parquet", analytics, writer);
            Map<String, Object> keyUse = Map.of("aws:PrincipalArn", exportRole, "kms:ResourceAliases", List.of(names.keyAliasName()));
            for (String action : List.of("kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt", "kms:DescribeKey")) {
                allow(id + " RDS " + action, exportRole, action, keyArn, analytics, keyUse);
            }
            String elsewhereKey = keyIn(elsewhere);
            deny(id + " RDS uses a key in another region", exportRole, "kms:GenerateDataKey", elsewhereKey, analytics,
                    keyUse);
            // Another configured region's bucket and key are for that region's sources only.
            for (String other : env.exportRegions()) {
                if (other.equals(region)) {
                    continue;
                }
                if (!accountRegions.contains(other)) {
                    // (Where the account has a source too, its folder there is its own: RDS itself exports only within
                    // the snapshot's region.)
                    deny(id + " RDS writes its prefix in " + other + "'s bucket", exportRole, "s3:PutObject",
                            names.exportBucketArn(other) + "/" + prefix + "/exp-1/db/t/1/part-0.parquet", analytics, writer);
                    deny(id + " RDS uses " + other + "'s key", exportRole, "kms:GenerateDataKey", keyIn(other), analytics,
                            keyUse);
                    deny(id + " reader grants " + other + "'s key to RDS", reader, "kms:CreateGrant", keyIn(other),
                            analytics, key);
                }
            }
        }

        private String keyIn(String keyRegion) {
            return "arn:aws:kms:" + keyRegion + ":" + analytics + ":key/" + IamPolicies.KEY_ID;
        }

        private void analyticsCalls() {
            // The exporter may assume the environment's reader role in any account (its policy names the role, not the
            // accounts); only a reader role that trusts it can be assumed, and only configured accounts deploy one.
            deny("exporter assumes a reader role of an account that is not configured", names.exporterRoleArn(),
                    "sts:AssumeRole", names.readerRoleArn(STRANGER), STRANGER,
                    Map.of("aws:PrincipalArn", names.exporterRoleArn()));
            deny("exporter assumes another role of a configured account", names.exporterRoleArn(), "sts:AssumeRole",
                    role(env.sourceAccountIds().get(0), "admin"), env.sourceAccountIds().get(0),
                    Map.of("aws:PrincipalArn", names.exporterRoleArn()));
            String registrar = role(analytics, names.registrarRoleName());
            String planner = role(analytics, names.prefix() + "-planner");
            String stateMachine = role(analytics, names.prefix() + "-export-state-machine");
            String scheduler = role(analytics, names.prefix() + "-daily-export-scheduler");
            String glue = "arn:aws:glue:" + region + ":" + analytics;
            String database = names.glueDatabaseName();
            Map<String, Object> registrarContext = Map.of("aws:PrincipalArn", registrar, "aws:SecureTransport", "true");
            for (String action : List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable",
                    "glue:UpdateTable", "glue:DeleteTable", "glue:GetPartitions", "glue:BatchCreatePartition",
                    "glue:BatchUpdatePartition", "glue:BatchDeletePartition", "glue:UpdatePartition")) {
                allow("registrar " + action, registrar, action, action.equals("glue:GetDatabase")
                        ? glue + ":database/" + database : glue + ":table/" + database + "/t", analytics, Map.of());
            }
            allow("registrar reads metadata", registrar, "s3:GetObject", bucketArn + "/" + env.exportPrefix()
                    + "/orders/db/exp-1/export_tables_info_exp-1_from_1_to_1.json", analytics, registrarContext);
            Map<String, Object> listing = new HashMap<>(registrarContext);
            listing.put("s3:prefix", env.exportPrefix() + "/orders/db/exp-1/db/");
            allow("registrar lists folders", registrar, "s3:ListBucket", bucketArn, analytics, listing);
            allow("registrar decrypts", registrar, "kms:Decrypt", keyArn, analytics, Map.of("aws:PrincipalArn", registrar));
            for (String other : env.exportRegions().subList(1, env.exportRegions().size())) {
                String there = names.exportBucketArn(other);
                allow("registrar reads metadata in " + other, registrar, "s3:GetObject", there + "/" + env.exportPrefix()
                        + "/stock/db/exp-1/export_tables_info_exp-1_from_1_to_1.json", analytics, registrarContext);
                Map<String, Object> listingThere = new HashMap<>(registrarContext);
                listingThere.put("s3:prefix", env.exportPrefix() + "/stock/db/exp-1/db/");
                allow("registrar lists folders in " + other, registrar, "s3:ListBucket", there, analytics, listingThere);
                allow("registrar decrypts in " + other, registrar, "kms:Decrypt", keyIn(other), analytics,
                        Map.of("aws:PrincipalArn", registrar));
                allow("analyst reads exported rows in " + other, analyst(env), "s3:GetObject", there + "/"
                        + env.exportPrefix() + "/stock/db/exp-1/db/t/1/part-0.parquet", analytics,
                        Map.of("aws:PrincipalArn", analyst(env), "aws:SecureTransport", "true"));
                allow("analyst decrypts in " + other, analyst(env), "kms:Decrypt", keyIn(other), analytics, Map.of());
                String logsThere = "arn:aws:s3:::" + names.accessLogBucketName(other) + "/";
                allow("S3 delivers access logs of the export bucket in " + other, "logging.s3.amazonaws.com",
                        "s3:PutObject", logsThere + names.exportBucketName(other) + "/2026-11-25-03-10-00-ABC", analytics,
                        Map.of("aws:SourceAccount", analytics, "aws:SourceArn", there, "aws:SecureTransport", "true"));
                deny("analyst writes exports in " + other, analyst(env), "s3:PutObject", there + "/" + env.exportPrefix()
                        + "/stock/x", analytics, Map.of("aws:PrincipalArn", analyst(env), "aws:SecureTransport", "true"));
            }
            deny("registrar reads exported rows", registrar, "s3:GetObject", bucketArn + "/" + env.exportPrefix()
                    + "/orders/db/exp-1/db/t/1/part-0.parquet", analytics, registrarContext);

            String functions = "arn:aws:lambda:" + region + ":" + analytics + ":function:" + names.prefix() + "-";
            for (String function : List.of("plan", "export-start", "export-status", "catalog-register", "run-summary")) {
                allow("state machine invokes " + function, stateMachine, "lambda:InvokeFunction", functions + function,
                        analytics, Map.of());
                allowWithAndWithout("Lambda assumes the role of " + function, "lambda.amazonaws.com", "sts:AssumeRole",
                        function.equals("plan") || function.equals("run-summary") ? planner
                                : function.equals("catalog-register") ? registrar
                                : names.exporterRoleArn(), analytics, Map.of(), Map.of("aws:SourceAccount", analytics));
            }
            runRecords(planner, stateMachine);
            allow("state machine publishes failures", stateMachine, "sns:Publish", "arn:aws:sns:" + region + ":" + analytics
                    + ":" + names.prefix() + "-export-failures", analytics, Map.of());
            // Distributed Maps: the state machine starts its own child executions and follows them, nothing else.
            String machineArn = "arn:aws:states:" + region + ":" + analytics + ":stateMachine:" + names.prefix() + "-export";
            String executions = "arn:aws:states:" + region + ":" + analytics + ":execution:" + names.prefix() + "-export";
            allow("state machine starts its child executions", stateMachine, "states:StartExecution", machineArn,
                    analytics, Map.of());
            for (String action : List.of("states:DescribeExecution", "states:StopExecution")) {
                allow("state machine " + action + " on a child", stateMachine, action,
                        executions + "/source:0b5c9d2e-1f3a-4c6b-9e7d-2a8f4b1c3d5e", analytics, Map.of());
                deny("state machine " + action + " on its own run", stateMachine, action,
                        executions + ":nightly-run", analytics, Map.of());
            }
            deny("state machine starts another machine", stateMachine, "states:StartExecution",
                    "arn:aws:states:" + region + ":" + analytics + ":stateMachine:someone-elses", analytics, Map.of());
            allow("Step Functions assumes its role", "states.amazonaws.com", "sts:AssumeRole", stateMachine, analytics,
                    Map.of("aws:SourceAccount", analytics));
            allow("Scheduler assumes its role", "scheduler.amazonaws.com", "sts:AssumeRole", scheduler, analytics,
                    Map.of("aws:SourceAccount", analytics));
            allow("schedule starts the state machine", scheduler, "states:StartExecution", "arn:aws:states:" + region + ":"
                    + analytics + ":stateMachine:" + names.prefix() + "-export", analytics, Map.of());
            String logs = "arn:aws:s3:::" + names.prefix() + "-access-logs-" + analytics + "/";
            for (String logged : List.of(bucketArn, "arn:aws:s3:::" + names.athenaResultsBucketName())) {
                allow("S3 delivers access logs of " + logged, "logging.s3.amazonaws.com", "s3:PutObject",
                        logs + logged.substring("arn:aws:s3:::".length()) + "/2026-11-25-03-10-00-ABC", analytics,
                        Map.of("aws:SourceAccount", analytics, "aws:SourceArn", logged, "aws:SecureTransport", "true"));
            }
            deny("S3 delivers another bucket's logs", "logging.s3.amazonaws.com", "s3:PutObject", logs + "x/1",
                    analytics, Map.of("aws:SourceAccount", "999999999999", "aws:SourceArn", "arn:aws:s3:::someone-else",
                            "aws:SecureTransport", "true"));
            for (String[] call : new String[][] {{"rds:DescribeDBClusterSnapshots", "*"}, {"s3:GetObject",
                    bucketArn + "/" + env.exportPrefix() + "/orders/x"}, {"s3:PutObject",
                    bucketArn + "/" + env.exportPrefix() + "/orders/x"}, {"glue:GetTable", glue + ":table/" + database
                    + "/t"}, {"sns:Publish", "*"}}) {
                deny("planner " + call[0], planner, call[0], call[1], analytics,
                        Map.of("aws:PrincipalArn", planner, "aws:SecureTransport", "true"));
            }
        }

        /**
         * The run's records (runs/ in the export bucket): the planner and the summary read and write them, the state
         * machine reads the plan (ItemReader) and writes outcomes and map results; neither reaches an export.
         */
        private void runRecords(String planner, String stateMachine) {
            String runs = bucketArn + "/runs/";
            for (String role : List.of(planner, stateMachine)) {
                String who = role.equals(planner) ? "planner" : "state machine";
                Map<String, Object> context = Map.of("aws:PrincipalArn", role, "aws:SecureTransport", "true");
                allow(who + " reads the run's plan", role, "s3:GetObject", runs + "nightly/plan/groups.json", analytics,
                        context);
                allow(who + " writes a run record", role, "s3:PutObject", runs + "nightly/outcomes/orders.json", analytics,
                        context);
                for (String action : List.of("kms:Decrypt", "kms:GenerateDataKey")) {
                    allow(who + " " + action + " run records", role, action, keyArn, analytics, Map.of("aws:PrincipalArn", role));
                }
                deny(who + " reads an export", role, "s3:GetObject", bucketArn + "/" + env.exportPrefix()
                        + "/orders/db/exp-1/db/t/1/part-0.parquet", analytics, context);
                deny(who + " writes over plain HTTP", role, "s3:PutObject", runs + "nightly/outcomes/orders.json",
                        analytics, Map.of("aws:PrincipalArn", role, "aws:SecureTransport", "false"));
            }
            Map<String, Object> machine = Map.of("aws:PrincipalArn", stateMachine, "aws:SecureTransport", "true");
            for (String action : List.of("s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts")) {
                allow("state machine " + action + " map results", stateMachine, action,
                        runs + "map-results/0b5c9d2e/SUCCEEDED_0.json", analytics, machine);
            }
            allow("planner reads the configured sources", planner, "s3:GetObject", bucketArn
                    + "/configuration/sources.json", analytics, Map.of("aws:PrincipalArn", planner, "aws:SecureTransport", "true"));
            deny("state machine reads the configured sources", stateMachine, "s3:GetObject", bucketArn
                    + "/configuration/sources.json", analytics, Map.of("aws:PrincipalArn", stateMachine,
                    "aws:SecureTransport", "true"));
            Map<String, Object> listing = Map.of("aws:PrincipalArn", planner, "aws:SecureTransport", "true",
                    "s3:prefix", "runs/nightly/outcomes/");
            allow("summary lists the run's outcomes", planner, "s3:ListBucket", bucketArn, analytics, listing);
        }

        /** A person's role in the analytics account with the stack's analyst policy attached. */
        static String analyst(EnvironmentDefinition env) {
            return role(env.analyticsAccountId(), "example-data-analyst");
        }

        private void analystCalls() {
            String analyst = analyst(env);
            String workgroup = "arn:aws:athena:" + region + ":" + analytics + ":workgroup/" + names.athenaWorkgroupName();
            String glue = "arn:aws:glue:" + region + ":" + analytics;
            String results = "arn:aws:s3:::" + names.athenaResultsBucketName();
            Map<String, Object> tls = Map.of("aws:PrincipalArn", analyst, "aws:SecureTransport", "true");
            for (String action : List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults")) {
                allow("analyst " + action, analyst, action, workgroup, analytics, Map.of());
            }
            allow("analyst reads the database", analyst, "glue:GetDatabase", glue + ":database/" + names.glueDatabaseName(),
                    analytics, Map.of());
            for (String action : List.of("glue:GetTable", "glue:GetPartitions")) {
                allow("analyst " + action, analyst, action, glue + ":table/" + names.glueDatabaseName() + "/t", analytics, Map.of());
            }
            allow("analyst reads exported rows", analyst, "s3:GetObject", bucketArn + "/" + env.exportPrefix()
                    + "/orders/db/exp-1/db/t/1/part-0.parquet", analytics, tls);
            allow("analyst lists exports", analyst, "s3:ListBucket", bucketArn, analytics, tls);
            allow("analyst writes results", analyst, "s3:PutObject", results + "/results/q-1.csv", analytics, tls);
            allow("analyst reads results", analyst, "s3:GetObject", results + "/results/q-1.csv", analytics, tls);
            allow("analyst decrypts", analyst, "kms:Decrypt", keyArn, analytics, Map.of());
            allow("analyst encrypts results", analyst, "kms:GenerateDataKey", keyArn, analytics, Map.of());
            deny("analyst writes exports", analyst, "s3:PutObject", bucketArn + "/" + env.exportPrefix() + "/orders/x",
                    analytics, tls);
            deny("analyst deletes exports", analyst, "s3:DeleteObject", bucketArn + "/" + env.exportPrefix() + "/orders/x",
                    analytics, tls);
            deny("analyst changes the catalog", analyst, "glue:CreateTable", glue + ":table/" + names.glueDatabaseName()
                    + "/t", analytics, Map.of());
            // The Athena console (README step 6): before, its first listing calls were denied.
            for (String action : List.of("athena:ListWorkGroups", "athena:ListDataCatalogs", "athena:ListEngineVersions")) {
                allow("analyst console " + action, analyst, action, "*", analytics, Map.of());
            }
            String catalog = "arn:aws:athena:" + region + ":" + analytics + ":datacatalog/AwsDataCatalog";
            for (String action : List.of("athena:ListDatabases", "athena:ListTableMetadata", "athena:GetTableMetadata")) {
                allow("analyst console " + action, analyst, action, catalog, analytics, Map.of());
            }
            allow("analyst saves a query", analyst, "athena:CreateNamedQuery", workgroup, analytics, Map.of());
            deny("analyst changes the workgroup", analyst, "athena:UpdateWorkGroup", workgroup, analytics, Map.of());
            deny("analyst deletes the workgroup", analyst, "athena:DeleteWorkGroup", workgroup, analytics, Map.of());
            deny("analyst adds a data catalog", analyst, "athena:CreateDataCatalog",
                    "arn:aws:athena:" + region + ":" + analytics + ":datacatalog/other", analytics, Map.of());
            deny("analyst queries in another workgroup", analyst, "athena:StartQueryExecution",
                    "arn:aws:athena:" + region + ":" + analytics + ":workgroup/primary", analytics, Map.of());
            deny("analyst reads over plain HTTP", analyst, "s3:GetObject", bucketArn + "/" + env.exportPrefix()
                    + "/orders/x", analytics, Map.of("aws:PrincipalArn", analyst, "aws:SecureTransport", "false"));
        }

        private static String role(String account, String name) {
            return "arn:aws:iam::" + account + ":role/" + name;
        }

        private void allow(String id, String principal, String action, String resource, String account,
                           Map<String, Object> context) {
            mustAllow.add(new Request(id, principal, action, resource, account, context));
        }

        /** Allowed with the undocumented key absent and present: a condition on it must not decide. */
        private void allowWithAndWithout(String id, String principal, String action, String resource, String account,
                                         Map<String, Object> without, Map<String, Object> with) {
            allow(id + " (key absent)", principal, action, resource, account, without);
            allow(id + " (key present)", principal, action, resource, account, with);
        }

        private void deny(String id, String principal, String action, String resource, String account,
                          Map<String, Object> context) {
            mustDeny.add(new Request(id, principal, action, resource, account, context));
        }
    }
}
