package dev.analysisplatform.environment;

import dev.analysisplatform.contract.PlatformNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentLoaderTest {

    private static final String VALID = """
            {
              "analyticsAccountId": "111111111111",
              "region": "eu-west-1",
              "namePrefix": "ap-test",
              "exportBucketName": "example-ap-test-exports",
              "sources": [
                {"name": "orders", "accountId": "222222222222", "dbClusterIdentifier": "orders-aurora"},
                {"name": "billing", "accountId": "333333333333", "dbInstanceIdentifier": "billing-db",
                 "snapshotTypes": ["automated", "manual"], "exportOnly": ["billing"], "externalId": "example-id"}
              ]
            }
            """;

    @TempDir
    Path dir;

    private EnvironmentDefinition load(String json) throws IOException {
        Files.writeString(dir.resolve("test.json"), json);
        return new EnvironmentLoader(dir).load("test");
    }

    @Test
    void startOn_defaultsToBoth_andTakesEitherAlone() throws IOException {
        assertThat(load(VALID).startOn()).containsExactly("schedule", "snapshot");
        EnvironmentDefinition eventsOnly = load(VALID.replace("\"region\"", "\"startOn\": [\"snapshot\"], \"region\""));
        assertThat(eventsOnly.startsOnSnapshot()).isTrue();
        assertThat(eventsOnly.startsOnSchedule()).isFalse();
        assertThat(load(VALID.replace("\"region\"", "\"startOn\": [\"schedule\"], \"region\"")).startsOnSnapshot()).isFalse();
    }

    @Test
    void startOn_unknownEmptyOrRepeated_isRefusedNamingWhatIsMeant() {
        assertThatThrownBy(() -> load(VALID.replace("\"region\"", "\"startOn\": [\"snapshots\"], \"region\"")))
                .hasMessageContaining("startOn[0]").hasMessageContaining("'snapshots'")
                .hasMessageContaining("did you mean 'snapshot'");
        assertThatThrownBy(() -> load(VALID.replace("\"region\"", "\"startOn\": [], \"region\"")))
                .hasMessageContaining("startOn");
        assertThatThrownBy(() -> load(VALID.replace("\"region\"", "\"startOn\": [\"schedule\", \"schedule\"], \"region\"")))
                .hasMessageContaining("startOn").hasMessageContaining("each once");
    }

    @Test
    void load_minimalFile_appliesDefaults() throws IOException {
        EnvironmentDefinition env = load(VALID);

        assertThat(env.name()).isEqualTo("test");
        assertThat(env.exportPrefix()).isEqualTo("exports");
        assertThat(env.schedule()).isEqualTo(Schedule.DEFAULT);
        assertThat(env.exportPollSeconds()).isEqualTo(300);
        assertThat(env.logRetentionDays()).isEqualTo(30);
        assertThat(env.waitForSnapshotHours()).isEqualTo(6);
        assertThat(env.sources()).allSatisfy(s -> assertThat(s.maxSnapshotAgeHours()).isEqualTo(26));
        assertThat(env.sources()).extracting(SourceDefinition::name).containsExactly("orders", "billing");
        assertThat(env.sources().get(0).snapshotTypes()).containsExactly("automated");
        assertThat(env.sourceAccountIds()).containsExactly("222222222222", "333333333333");
        assertThat(env.sources().get(0).databaseArn("aws", "eu-west-1"))
                .isEqualTo("arn:aws:rds:eu-west-1:222222222222:cluster:orders-aurora");
        assertThat(env.sources().get(1).databaseArn("aws", "eu-west-1"))
                .isEqualTo("arn:aws:rds:eu-west-1:333333333333:db:billing-db");
    }

    @Test
    void loadAll_checkedInEnvironments_areValid() {
        List<EnvironmentDefinition> all = new EnvironmentLoader(Path.of("..", EnvironmentLoader.DIRECTORY)).loadAll();

        assertThat(all).extracting(EnvironmentDefinition::name).contains("dev");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"analyticsAccountId\": \"111111111111\"|\"analyticsAccountId\": \"1111\"|analyticsAccountId",
        "\"region\": \"eu-west-1\"|\"region\": \"Europe\"|region",
        "\"exportBucketName\": \"example-ap-test-exports\"|\"exportBucketName\": \"Bad_Bucket\"|exportBucketName",
        "\"name\": \"billing\"|\"name\": \"orders\"|sources[1].name",
        // RDS identifiers are case-insensitive: the same cluster twice, once capitalised.
        "\"dbClusterIdentifier\": \"orders-aurora\"}|\"dbClusterIdentifier\": \"orders-aurora\"}, {\"name\": \"orders2\", \"accountId\": \"222222222222\", \"dbClusterIdentifier\": \"Orders-Aurora\"}|sources[1].dbClusterIdentifier",
        "\"dbInstanceIdentifier\": \"billing-db\"|\"dbInstanceIdentifier\": \"billing-db\", \"dbClusterIdentifier\": \"x\"|sources[1].dbClusterIdentifier",
        "\"accountId\": \"333333333333\"|\"accountId\": 333333333333|sources[1].accountId",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"bucketName\": \"x\"|bucketName",
        "\"snapshotTypes\": [\"automated\", \"manual\"]|\"snapshotTypes\": [\"daily\"]|sources[1].snapshotTypes[0]",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"schedule\": {\"timeZone\": \"Mars/Olympus\"}|schedule.timeZone",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"logRetentionDays\": 31|logRetentionDays",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"notificationEmails\": [\"nobody\"]|notificationEmails[0]",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"schedule\": {\"expression\": \"cron(not a cron)\"}|schedule.expression",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"schedule\": {\"expression\": \"rate(5 fortnights)\"}|schedule.expression",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"schedule\": {\"expression\": \"rate(1 days)\"}|schedule.expression",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"schedule\": {\"expression\": \"cron(0 25 * * ? *)\"}|schedule.expression",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"schedule\": {\"expression\": \"cron(0 5 * * * *)\"}|schedule.expression",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"schedule\": {\"expression\": \"cron(0 5 * * ?)\"}|schedule.expression",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"schedule\": {\"timeZone\": \"GMT+5\"}|schedule.timeZone",
        "\"exportBucketName\": \"example-ap-test-exports\"|\"exportBucketName\": \"192.168.10.20\"|exportBucketName",
        "\"exportOnly\": [\"billing\"]|\"exportOnly\": [\" billing\"]|sources[1].exportOnly[0]",
        "\"exportOnly\": [\"billing\"]|\"exportOnly\": [\"billing\"], \"maxSnapshotAgeHours\": 0|sources[1].maxSnapshotAgeHours",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"waitForSnapshotHours\": 13|waitForSnapshotHours",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"maxConcurrentExportsPerAccount\": 6|maxConcurrentExportsPerAccount",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"maxConcurrentSources\": 2|maxConcurrentSources",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"exportPrefix\": \"PREFIX201\"|exportPrefix",
        // The run's own records: lifecycle would expire the configuration with the exports.
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"exportPrefix\": \"configuration\"|exportPrefix",
        "\"namePrefix\": \"ap-test\"|\"namePrefix\": \"ap-test\", \"exportPrefix\": \"runs/exports\"|exportPrefix",
        "\"sources\": [|\"sources\": [{\"name\": \"x\", \"accountId\": \"222222222222\", \"dbInstanceIdentifier\": \"x\", \"region\": \"mars-1\"},|sources[0].region"
    })
    void load_invalidField_errorNamesFileAndField(String from, String to, String field) {
        assertThatThrownBy(() -> load(VALID.replace(from, to.replace("PREFIX201", "p".repeat(201)))))
                .isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageStartingWith("environments/test.json: " + field + ":");
    }

    /** Before: 150 sources at most, because every outcome rode in one state; now the run keeps them in S3. */
    @Test
    void load_aThousandSourcesInThreeRegions_read() throws IOException {
        StringBuilder sources = new StringBuilder();
        String[] regions = {"eu-west-1", "us-east-1", "ap-northeast-1"};
        for (int i = 0; i < 1_000; i++) {
            sources.append(i == 0 ? "" : ",").append("{\"name\": \"db").append(i)
                    .append("\", \"accountId\": \"").append(200_000_000_000L + i % 200)
                    .append("\", \"region\": \"").append(regions[i % 3])
                    .append("\", \"dbInstanceIdentifier\": \"db").append(i).append("\"}");
        }
        String fleet = VALID.substring(0, VALID.indexOf("\"sources\"")) + "\"sources\": [" + sources + "]}";

        EnvironmentDefinition environment = load(fleet);

        assertThat(environment.sources()).hasSize(1_000);
        assertThat(environment.sourceRegions()).containsExactlyInAnyOrder(regions);
        assertThat(environment.sourceAccountIds()).hasSize(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ap-southeast-5,Malaysia", "us-gov-west-1,GovCloud", "mx-central-1,Mexico"})
    void load_regionWithoutSnapshotExport_rejectedNamingIt(String region, String name) {
        assertThatThrownBy(() -> load(VALID.replace("\"dbClusterIdentifier\": \"orders-aurora\"",
                "\"dbClusterIdentifier\": \"orders-aurora\", \"region\": \"" + region + "\"")))
                .isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("sources[0].region").hasMessageContaining(name)
                .hasMessageContaining("does not offer exporting snapshots to S3");
        assertThatThrownBy(() -> load(VALID.replaceFirst("\"region\": \"[a-z0-9-]+\"", "\"region\": \"" + region + "\"")))
                .isInstanceOf(InvalidEnvironmentException.class).hasMessageContaining("region").hasMessageContaining(name);
    }

    @Test
    void load_sourceNamedLikeAnAccount_rejected() {
        assertThatThrownBy(() -> load(VALID.replaceFirst("\"name\": \"orders\"", "\"name\": \"123456789012\"")))
                .isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("sources[0].name").hasMessageContaining("not twelve digits");
    }

    @Test
    void load_sourceRegionInAnotherPartition_rejected() {
        assertThatThrownBy(() -> load(VALID.replace("\"dbClusterIdentifier\": \"orders-aurora\"",
                "\"dbClusterIdentifier\": \"orders-aurora\", \"region\": \"cn-north-1\"")))
                .isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("sources[0].region: 'cn-north-1' is in partition aws-cn");
    }

    @Test
    void load_secondRegionInChina_rejectedBecauseAthenaCannotQueryAcrossRegionsThere() {
        String china = VALID.replaceFirst("\"region\": \"[a-z0-9-]+\"", "\"region\": \"cn-north-1\"")
                .replace("\"dbClusterIdentifier\": \"orders-aurora\"",
                        "\"dbClusterIdentifier\": \"orders-aurora\", \"region\": \"cn-northwest-1\"");

        assertThatThrownBy(() -> load(china)).isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("sources[0].region: 'cn-northwest-1' is not the analytics region, and Athena does "
                        + "not query across regions in the China regions");
    }

    /** Another region's buckets carry the region's name: a 63-character exportBucketName leaves no room for it. */
    @Test
    void load_sourceRegionWhoseBucketNameWouldBeTooLong_rejectedNamingTheBucket() throws IOException {
        String longBucket = "b".repeat(60);
        String file = VALID.replaceFirst("\"exportBucketName\": \"[^\"]+\"", "\"exportBucketName\": \"" + longBucket + "\"")
                .replace("\"dbClusterIdentifier\": \"orders-aurora\"",
                        "\"dbClusterIdentifier\": \"orders-aurora\", \"region\": \"ap-northeast-1\"");

        assertThatThrownBy(() -> load(file)).isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("sources[0].region: 'ap-northeast-1' needs a bucket named '" + longBucket
                        + "-ap-northeast-1' (75 characters)")
                .hasMessageContaining("shorten exportBucketName or namePrefix");
        assertThat(load(VALID.replaceFirst("\"exportBucketName\": \"[^\"]+\"", "\"exportBucketName\": \"" + longBucket + "\""))
                .exportBucketName()).isEqualTo(longBucket);
    }

    @Test
    void load_neitherIdentifier_rejected() {
        assertThatThrownBy(() -> load(VALID.replace("\"dbClusterIdentifier\": \"orders-aurora\"", "\"snapshotTypes\": []")))
                .isInstanceOf(InvalidEnvironmentException.class).hasMessageContaining("sources[0].dbClusterIdentifier");
    }

    @Test
    void load_differentExternalIdsInOneAccount_rejected() {
        String sameAccount = VALID.replace("333333333333", "222222222222");

        assertThatThrownBy(() -> load(sameAccount))
                .isInstanceOf(InvalidEnvironmentException.class).hasMessageContaining("sources[1].externalId");
    }

    @Test
    void load_notJson_namesFile() {
        assertThatThrownBy(() -> load("{ nope"))
                .isInstanceOf(InvalidEnvironmentException.class).hasMessageStartingWith("environments/test.json: not valid JSON");
    }

    @Test
    void names_areDeterministicAndFitIamLimits() throws IOException {
        PlatformNames names = load(VALID).names();

        assertThat(names.readerRoleArn("222222222222")).isEqualTo("arn:aws:iam::222222222222:role/ap-test-snapshot-reader");
        assertThat(names.exportRoleArn("222222222222")).isEqualTo("arn:aws:iam::222222222222:role/ap-test-snapshot-export");
        assertThat(names.exporterRoleArn()).isEqualTo("arn:aws:iam::111111111111:role/ap-test-exporter");
        assertThat(names.sourcePrefix("222222222222", "orders")).isEqualTo("exports/222222222222/orders");
        assertThat(names.legacySourcePrefix("orders")).isEqualTo("exports/orders");
        assertThat(names.exportBucketName("eu-west-1")).isEqualTo("example-ap-test-exports");
        assertThat(names.exportBucketName("us-west-2")).isEqualTo("example-ap-test-exports-us-west-2");
        assertThat(names.stateBucketName("222222222222")).isEqualTo("ap-test-tfstate-222222222222");
        String longest = "a".repeat(32);
        assertThat(new PlatformNames(longest, "aws", "eu-west-1", "1", "b", "exports").readerRoleName()).hasSizeLessThanOrEqualTo(64);
        assertThat(new PlatformNames(longest, "aws", "eu-west-1", "1", "b", "exports").stateBucketName("222222222222"))
                .hasSizeLessThanOrEqualTo(63);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"cron(0 5 * * ? *)", "cron(0/15 * * * ? *)",
        "cron(0 5 ? * MON-FRI *)", "cron(0 0 L * ? *)", "cron(30 4 ? * 2#1 2026-2030)", "cron(0 5 1,15 JAN,JUL ? *)",
        "rate(1 day)", "rate(12 hours)", "rate(1 minute)"})
    void scheduleExpressions_whatSchedulerAccepts_pass(String expression) {
        assertThat(ScheduleExpressions.problem(expression)).isNull();
    }

    /** Scheduler would deploy each of these, and then the schedule would never fire. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "cron(0 5 31 2 ? *)|never happens", "cron(0 5 30 FEB ? *)|never happens", "cron(0 5 31 4,6,9,11 ? *)|never happens",
        "cron(0/0 5 * * ? *)|a step of 0", "cron(0 5 ? * 2#6 *)|not a 6th", "cron(0 5 ? * 9 *)|outside 1-7",
        "cron(0 5 * * ? 1999)|has passed"})
    void scheduleExpressions_thatNeverFire_areRefused(String expression, String problem) {
        assertThat(ScheduleExpressions.problem(expression)).contains(problem);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rate(1 minute)", "rate(12 hours)", "rate(1439 minutes)",
        "cron(0/15 * * * ? *)", "cron(0 5,17 * * ? *)", "cron(0 * * * ? *)", "cron(* 5 * * ? *)"})
    void schedulesFiringMoreThanOnceADay_areRefusedAtLoad(String expression) {
        assertThatThrownBy(() -> load(VALID.replace("\"region\": \"eu-west-1\"", "\"region\": \"eu-west-1\", "
                + "\"schedule\": {\"expression\": \"" + expression + "\"}")))
                .isInstanceOf(InvalidEnvironmentException.class).hasMessageContaining("schedule.expression")
                .hasMessageContaining("at most once a day");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rate(1 day)", "rate(24 hours)", "rate(2 days)",
        "cron(30 4 ? * MON-FRI *)", "cron(0 5 29 2 ? *)", "cron(0 5 L * ? *)"})
    void dailyOrRarerSchedules_load(String expression) throws IOException {
        assertThat(load(VALID.replace("\"region\": \"eu-west-1\"", "\"region\": \"eu-west-1\", "
                + "\"schedule\": {\"expression\": \"" + expression + "\"}")).schedule().expression()).isEqualTo(expression);
    }

    /** Before: synth skipped the broken file with exit 0 and named only its first mistake. */
    @Test
    void loadAll_brokenFiles_failNamingEveryMistakeOfEveryFile() throws IOException {
        Files.writeString(dir.resolve("good.json"), VALID);
        Files.writeString(dir.resolve("broken.json"), VALID.replace("\"region\": \"eu-west-1\"", "\"region\": \"Europe\"")
                .replace("\"namePrefix\": \"ap-test\"", "\"namePrefix\": \"ap-test\", \"exportRetentionDay\": 30")
                .replace("\"accountId\": \"222222222222\"", "\"accountId\": \"2222\"")
                .replace("[\"automated\", \"manual\"]", "[\"automated\", \"daily\"]")
                .replace("\"externalId\": \"example-id\"", "\"externalId\": \"x\", \"maxSnapshotAgeHours\": 0"));
        Files.writeString(dir.resolve("other.json"), VALID.replace("\"exportBucketName\": \"example-ap-test-exports\"",
                "\"exportBucketName\": \"Bad_Bucket\""));

        assertThatThrownBy(() -> new EnvironmentLoader(dir).loadAll()).isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("environments/broken.json: 6 mistakes:")
                .hasMessageContaining("  region: must be an AWS region")
                .hasMessageContaining("  exportRetentionDay: unknown key; did you mean 'exportRetentionDays'?")
                .hasMessageContaining("  sources[0].accountId: must be a 12-digit AWS account id")
                .hasMessageContaining("  sources[1].snapshotTypes[1]: 'daily' must be")
                .hasMessageContaining("  sources[1].externalId: must be 2-1224 characters")
                .hasMessageContaining("  sources[1].maxSnapshotAgeHours: must be a whole number from 1")
                .hasMessageContaining("environments/other.json: exportBucketName:")
                .hasMessageContaining("Nothing was synthesized: fix these 2 files");
    }

    /** Before: a JSON number was refused as "must be a string". */
    @Test
    void load_priceAsJsonNumber_isAccepted_andStillChecked() throws IOException {
        String withPrice = VALID.replace("\"namePrefix\": \"ap-test\"", "\"namePrefix\": \"ap-test\", \"exportPricePerGb\": 0.012");

        assertThat(load(withPrice).exportPricePerGb()).isEqualTo("0.012");
        assertThatThrownBy(() -> load(withPrice.replace("0.012", "-1")))
                .hasMessageContaining("exportPricePerGb: must be a price per GB");
    }

    @Test
    void load_oneMistake_keepsTheSingleLineForm() {
        assertThatThrownBy(() -> load(VALID.replace("\"region\": \"eu-west-1\"", "\"regoin\": \"eu-west-1\"")))
                .isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageStartingWith("environments/test.json: ")
                .hasMessageContaining("regoin: unknown key; did you mean 'region'?")
                .hasMessageContaining("region: is required");
    }

    @Test
    void load_exportOnlyLongerThanAPlanCarries_refused() {
        String names = String.join(",", java.util.Collections.nCopies(ValueRulesLimits.EXPORT_ONLY + 1, "\"billing.t\""));

        assertThatThrownBy(() -> load(VALID.replace("[\"billing\"]", "[" + names + "]")))
                .isInstanceOf(InvalidEnvironmentException.class)
                .hasMessageContaining("sources[1].exportOnly: names 101 tables or schemas; at most 100");
    }

    /** The contract's bound, named once here for readability. */
    private static final class ValueRulesLimits {
        static final int EXPORT_ONLY = dev.analysisplatform.contract.ValueRules.MAX_EXPORT_ONLY_ENTRIES;
    }
}
