package dev.analysisplatform.infra;

import dev.analysisplatform.cdktf.CrossAccountExport;
import static dev.analysisplatform.infra.SynthesizedStack.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.Testing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One synth of the analytics stack for the standard test environment, checked construct by construct. */
class AnalyticsStackTest {

    private static SynthesizedStack stack;

    @BeforeAll
    static void synth() {
        stack = SynthesizedStack.standardAnalytics();
    }

    @Test
    void stack_providerAndBackend_pinnedToAccountAndAcceptOfflineProvider() {
        JsonNode terraform = stack.root.path("terraform");
        assertThat(terraform.path("required_providers").path("aws").path("version").asText()).isEqualTo(">= 5.32.0, < 6.0.0");
        JsonNode backend = terraform.path("backend").path("s3");
        assertThat(backend.path("bucket").asText()).isEqualTo("ap-test-tfstate-111111111111");
        assertThat(backend.path("encrypt").asBoolean()).isTrue();
        assertThat(backend.path("use_lockfile").asBoolean()).isTrue();
        JsonNode provider = stack.root.path("provider").path("aws").get(0);
        assertThat(texts(provider.path("allowed_account_ids"))).containsExactly(TestEnvironments.ANALYTICS);
        assertThat(provider.path("region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void exportKey_rotatesAndGrantsSourceRolesOnlyTheExportActions() {
        assertThat(Testing.toHaveResourceWithProperties(stack.json, "aws_kms_key", Map.of("enable_key_rotation", true)))
                .isTrue();
        assertThat(stack.onlyResource("aws_kms_alias").path("name").asText()).isEqualTo("alias/ap-test-exports");
        // One statement for every source account (a key policy is capped at 32 KB): their reader and export roles.
        JsonNode statement = stack.statement("SourceRolesExport");
        assertThat(texts(statement.path("actions"))).containsExactlyInAnyOrderElementsOf(CrossAccountExport.KEY_ACTIONS.stream()
                .filter(a -> !a.equals(CrossAccountExport.GRANT_ACTION)).toList());
        JsonNode grant = stack.statement("SourceRolesExportGrant");
        assertThat(texts(grant.path("actions"))).containsExactly(CrossAccountExport.GRANT_ACTION);
        assertThat(grant.path("condition").toString()).contains("kms:GrantIsForAWSResource").contains("aws:PrincipalArn");
        for (JsonNode each : List.of(statement, grant)) {
            assertThat(texts(each.path("principals").get(0).path("identifiers"))).containsExactly(
                    "arn:aws:iam::" + TestEnvironments.SOURCE_A + ":root", "arn:aws:iam::" + TestEnvironments.SOURCE_B + ":root");
            JsonNode condition = each.path("condition").get(0);
            assertThat(condition.path("test").asText()).isEqualTo("ArnLike");
            assertThat(condition.path("variable").asText()).isEqualTo("aws:PrincipalArn");
            assertThat(texts(condition.path("values"))).containsExactlyInAnyOrder(
                    "arn:aws:iam::*:role/ap-test-snapshot-reader", "arn:aws:iam::*:role/ap-test-snapshot-export");
        }
    }

    @Test
    void exportBucket_privateVersionedKmsEncryptedWithLifecycle() {
        assertThat(stack.onlyResourceIn("aws_s3_bucket", "export-bucket").path("bucket").asText()).isEqualTo("example-ap-test-exports");
        assertThat(stack.resourcesIn("aws_s3_bucket_public_access_block", "export-bucket")).hasSize(1);
        assertThat(Testing.toHaveResourceWithProperties(stack.json, "aws_s3_bucket_public_access_block", Map.of(
                "block_public_acls", true, "block_public_policy", true, "ignore_public_acls", true,
                "restrict_public_buckets", true))).isTrue();
        assertThat(stack.onlyResourceIn("aws_s3_bucket_ownership_controls", "export-bucket").path("rule").path("object_ownership").asText())
                .isEqualTo("BucketOwnerEnforced");
        assertThat(stack.onlyResourceIn("aws_s3_bucket_versioning", "export-bucket").path("versioning_configuration").path("status").asText())
                .isEqualTo("Enabled");
        JsonNode encryption = stack.onlyResourceIn("aws_s3_bucket_server_side_encryption_configuration", "export-bucket").path("rule").get(0);
        assertThat(encryption.path("bucket_key_enabled").asBoolean()).isTrue();
        assertThat(encryption.path("apply_server_side_encryption_by_default").path("sse_algorithm").asText()).isEqualTo("aws:kms");
        assertThat(encryption.path("apply_server_side_encryption_by_default").path("kms_master_key_id").asText())
                .contains("aws_kms_key.");
        JsonNode rule = stack.onlyResourceIn("aws_s3_bucket_lifecycle_configuration", "export-bucket").path("rule").get(0);
        assertThat(rule.path("expiration").path("days").asInt()).isEqualTo(90);
        assertThat(rule.path("noncurrent_version_expiration").path("noncurrent_days").asInt()).isEqualTo(7);
        assertThat(rule.path("filter").path("prefix").asText()).isEqualTo("exports/");
        // Run records (plans, outcomes, reports) expire too; the configured sources, outside runs/, never do.
        JsonNode runs = stack.onlyResourceIn("aws_s3_bucket_lifecycle_configuration", "export-bucket").path("rule").get(1);
        assertThat(runs.path("filter").path("prefix").asText()).isEqualTo("runs/");
        assertThat(runs.path("expiration").path("days").asInt()).isEqualTo(90);
        assertThat(stack.onlyResource("aws_s3_object").path("key").asText()).doesNotStartWith("runs/");
    }

    /**
     * One statement for every source account: each account's export role writes only under its own folder,
     * exports/${aws:PrincipalAccount}/ (an account can no longer write into another account's sources), and the policy
     * grows by an account id per account.
     */
    @Test
    void exportBucket_eachSourceAccountsExportRoleWritesOnlyItsOwnFolder() {
        JsonNode writes = stack.statement("SourceAccountsWriteOwnFolder");
        assertThat(texts(writes.path("resources"))).containsExactly(
                "arn:aws:s3:::example-ap-test-exports/exports/&{aws:PrincipalAccount}/*");
        assertThat(texts(writes.path("principals").get(0).path("identifiers")))
                .containsExactly("arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root");
        assertThat(writes.path("condition").get(0).path("test").asText()).isEqualTo("ArnLike");
        assertThat(texts(writes.path("condition").get(0).path("values")))
                .containsExactly("arn:aws:iam::*:role/ap-test-snapshot-export");
        JsonNode lists = stack.statement("SourceAccountsListOwnFolder");
        assertThat(texts(lists.path("actions"))).containsExactly("s3:ListBucket", "s3:GetBucketLocation");
        assertThat(lists.toString()).contains("exports/&{aws:PrincipalAccount}/*");
        JsonNode tls = stack.statement("DenyInsecureTransport");
        assertThat(tls.path("effect").asText()).isEqualTo("Deny");
    }

    @Test
    void functions_java21WithHandlersJsonLogsAndRetainedLogGroups() {
        List<JsonNode> functions = stack.resources("aws_lambda_function");
        assertThat(functions).extracting(f -> f.path("handler").asText()).containsExactlyInAnyOrder(
                ExporterFunctions.PLAN_HANDLER, ExporterFunctions.START_HANDLER, ExporterFunctions.STATUS_HANDLER,
                ExporterFunctions.REGISTER_HANDLER, ExporterFunctions.SUMMARIZE_HANDLER);
        assertThat(functions).allSatisfy(f -> {
            assertThat(f.path("runtime").asText()).isEqualTo("java21");
            assertThat(f.path("logging_config").path("log_format").asText()).isEqualTo("JSON");
            assertThat(f.path("filename").asText()).endsWith(
                    f.path("handler").asText().equals(ExporterFunctions.START_HANDLER)
                            || f.path("handler").asText().equals(ExporterFunctions.STATUS_HANDLER) ? "snapshot-exporter.jar"
                            : "catalog-registrar.jar");
            assertThat(f.path("memory_size").asInt()).isEqualTo(512);
            assertThat(f.path("publish").asBoolean()).as("SnapStart resumes published versions only").isTrue();
            assertThat(f.path("snap_start").path("apply_on").asText()).isEqualTo("PublishedVersions");
        });
        // The state machine invokes each function's alias, which every deploy moves to the new version.
        List<JsonNode> aliases = stack.resources("aws_lambda_alias");
        assertThat(aliases).hasSize(5).allSatisfy(a -> {
            assertThat(a.path("name").asText()).isEqualTo("live");
            assertThat(a.path("function_version").asText()).matches("\\$\\{aws_lambda_function\\..*\\.version}");
        });
        String definition = stack.onlyResource("aws_sfn_state_machine").path("definition").asText();
        assertThat(definition).contains("aws_lambda_alias.").doesNotContain("aws_lambda_function.");
        JsonNode start = functions.stream().filter(f -> f.path("handler").asText().equals(ExporterFunctions.START_HANDLER))
                .findFirst().orElseThrow();
        assertThat(start.path("environment").path("variables").path("EXPORT_BUCKET").asText()).contains("aws_s3_bucket.");
        assertThat(start.path("environment").path("variables").path("EXPORT_PREFIX").asText()).isEqualTo("exports");
        assertThat(stack.resources("aws_cloudwatch_log_group")).hasSize(6)
                .allSatisfy(g -> assertThat(g.path("retention_in_days").asInt()).isEqualTo(30));
    }

    @Test
    void exporterRole_mayAssumeOnlyThisEnvironmentsReaderRoles() {
        JsonNode assume = stack.statement("AssumeSourceReaderRoles");
        assertThat(texts(assume.path("actions"))).containsExactly("sts:AssumeRole");
        assertThat(texts(assume.path("resources"))).containsExactly("arn:aws:iam::*:role/ap-test-snapshot-reader");
    }

    @Test
    void stateMachine_definitionRunsEverySourceWithBoundedConcurrencyAndLogs() throws Exception {
        JsonNode machine = stack.onlyResource("aws_sfn_state_machine");
        assertThat(machine.path("logging_configuration").path("level").asText()).isEqualTo("ERROR");
        JsonNode definition = new ObjectMapper().readTree(machine.path("definition").asText());
        assertThat(definition.path("TimeoutSeconds").asInt()).isEqualTo(23 * 3600);
        JsonNode perAccount = definition.path("States").path("ExportEachAccount");
        assertThat(perAccount.path("MaxConcurrency").asInt()).as("accounts in parallel").isZero();
        JsonNode perSource = perAccount.path("ItemProcessor").path("States").path("ExportEachSource");
        assertThat(perSource.path("MaxConcurrency").asInt()).as("maxConcurrentExportsPerAccount").isEqualTo(2);
        assertThat(definition.path("States").path("Plan").path("Parameters").path("runBucket").asText())
                .isEqualTo("example-ap-test-exports");
        JsonNode object = stack.onlyResource("aws_s3_object");
        assertThat(object.path("key").asText()).isEqualTo("configuration/sources.json");
        assertThat(object.path("server_side_encryption").asText()).isEqualTo("aws:kms");
        JsonNode sources = new ObjectMapper().readTree(object.path("content").asText());
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).path("externalId").asText()).isEqualTo("example-external-id");
        assertThat(sources.get(1).path("dbInstanceIdentifier").asText()).isEqualTo("billing-postgres");
        assertThat(perSource.path("ItemProcessor").path("States")
                .path("WaitForExport").path("Seconds").asInt()).isEqualTo(300);
        JsonNode invoke = stack.statement("InvokeExporterFunctions");
        assertThat(texts(invoke.path("actions"))).containsExactly("lambda:InvokeFunction");
        assertThat(texts(invoke.path("resources"))).hasSize(10).allMatch(r -> r.contains("aws_lambda_function."));
        assertThat(texts(stack.statement("ReadAndWriteRunRecords").path("resources")))
                .containsExactly("arn:aws:s3:::example-ap-test-exports/runs/*");
        // Distributed Maps: the machine starts and follows its own child executions, and nothing else.
        assertThat(texts(stack.statement("RunChildExecutions").path("resources"))).containsExactly(
                "arn:aws:states:eu-west-1:111111111111:stateMachine:ap-test-export");
        assertThat(texts(stack.statement("TrackChildExecutions").path("actions")))
                .containsExactly("states:DescribeExecution", "states:StopExecution");
        assertThat(texts(stack.statement("TrackChildExecutions").path("resources"))).containsExactly(
                "arn:aws:states:eu-west-1:111111111111:execution:ap-test-export/*",
                "arn:aws:states:eu-west-1:111111111111:stateMachine:ap-test-export:*");
        JsonNode publish = stack.statement("ReportFailures");
        assertThat(texts(publish.path("actions"))).containsExactly("sns:Publish");
        assertThat(texts(publish.path("resources"))).singleElement().asString().contains("aws_sns_topic.");
    }

    @Test
    void schedule_timeZoneAwareAndItsRoleMayStartOnlyThisMachine() {
        JsonNode schedule = stack.onlyResource("aws_scheduler_schedule");
        assertThat(schedule.path("schedule_expression").asText()).isEqualTo("cron(0 5 * * ? *)");
        assertThat(schedule.path("schedule_expression_timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(schedule.path("target").path("input").asText()).isEqualTo("{}");
        JsonNode start = stack.statement("StartExportStateMachine");
        assertThat(texts(start.path("actions"))).containsExactly("states:StartExecution");
        assertThat(texts(start.path("resources"))).singleElement().asString().contains("aws_sfn_state_machine.");
    }

    @Test
    void catalog_glueDatabaseAndEnforcedAthenaWorkgroupWithEncryptedResultsAndCutoff() {
        assertThat(stack.onlyResource("aws_glue_catalog_database").path("name").asText()).isEqualTo("ap_test");
        JsonNode workgroup = stack.onlyResource("aws_athena_workgroup");
        JsonNode configuration = workgroup.path("configuration");
        assertThat(configuration.path("enforce_workgroup_configuration").asBoolean()).isTrue();
        assertThat(configuration.path("bytes_scanned_cutoff_per_query").asLong()).isEqualTo(10L * 1024 * 1024 * 1024);
        assertThat(configuration.path("result_configuration").path("output_location").asText())
                .isEqualTo("s3://ap-test-athena-111111111111/results/");
        assertThat(configuration.path("result_configuration").path("encryption_configuration").path("encryption_option")
                .asText()).isEqualTo("SSE_KMS");
        assertThat(stack.resources("aws_s3_bucket")).extracting(b -> b.path("bucket").asText())
                .containsExactlyInAnyOrder("example-ap-test-exports", "ap-test-athena-111111111111",
                        "ap-test-access-logs-111111111111");
    }

    /** Query results and access logs are never empty at destroy time; exports are emptied by hand (README). */
    @Test
    void destroy_removesResultsAndLogsWithTheirObjects_neverTheExports() {
        assertThat(stack.resources("aws_s3_bucket")).filteredOn(b -> b.path("force_destroy").asBoolean())
                .extracting(b -> b.path("bucket").asText())
                .containsExactlyInAnyOrder("ap-test-athena-111111111111", "ap-test-access-logs-111111111111");
    }

    @Test
    void accessLogs_exportAndResultBucketsLogToAnSseS3BucketOnlyS3LogDeliveryWrites() {
        assertThat(stack.resources("aws_s3_bucket_logging")).hasSize(2)
                .allSatisfy(logging -> assertThat(logging.path("target_bucket").asText()).contains("access-logs"));
        assertThat(stack.resources("aws_s3_bucket_server_side_encryption_configuration"))
                .filteredOn(e -> e.toString().contains("AES256")).hasSize(1);
        JsonNode delivery = stack.statement("S3ServerAccessLogDelivery");
        assertThat(texts(delivery.path("principals").get(0).path("identifiers"))).containsExactly("logging.s3.amazonaws.com");
        assertThat(delivery.path("condition").toString()).contains("aws:SourceAccount").contains("aws:SourceArn");
    }

    @Test
    void registrar_mayWriteOnlyThisDatabaseAndReadOnlyExportMetadata() {
        assertThat(texts(stack.statement("WriteExportTables").path("resources"))).containsExactly(
                "arn:aws:glue:eu-west-1:111111111111:catalog",
                "arn:aws:glue:eu-west-1:111111111111:database/ap_test",
                "arn:aws:glue:eu-west-1:111111111111:table/ap_test/*");
        assertThat(texts(stack.statement("ReadExportMetadata").path("resources")))
                .containsExactly("arn:aws:s3:::example-ap-test-exports/exports/*/export_tables_info_*");
        assertThat(texts(stack.statement("DecryptExportMetadata").path("actions"))).containsExactly("kms:Decrypt");
    }

    @Test
    void alarm_onFailedExecutionsNotifiesTheTopic() {
        JsonNode alarm = stack.resources("aws_cloudwatch_metric_alarm").stream()
                .filter(a -> a.path("namespace").asText().equals("AWS/States")).findFirst().orElseThrow();
        assertThat(alarm.path("metric_name").asText()).isEqualTo("ExecutionsFailed");
        assertThat(alarm.path("namespace").asText()).isEqualTo("AWS/States");
        assertThat(texts(alarm.path("alarm_actions"))).singleElement().asString().contains("aws_sns_topic.");
        assertThat(texts(stack.statement("CloudWatchAlarmPublishes").path("principals").get(0).path("identifiers")))
                .containsExactly("cloudwatch.amazonaws.com");
    }

    @Test
    void notifications_failedTimedOutAbortedExecutionsReachEmailSubscribers() throws Exception {
        JsonNode rule = stack.onlyResourceIn("aws_cloudwatch_event_rule", "failure-notifications");
        JsonNode pattern = new ObjectMapper().readTree(rule.path("event_pattern").asText());
        assertThat(texts(pattern.path("detail").path("status"))).containsExactly("FAILED", "TIMED_OUT", "ABORTED");
        assertThat(stack.onlyResource("aws_sns_topic_subscription").path("endpoint").asText()).isEqualTo("data-platform@example.com");
        JsonNode publish = stack.statement("EventBridgePublishes");
        assertThat(texts(publish.path("principals").get(0).path("identifiers"))).containsExactly("events.amazonaws.com");
    }
}
