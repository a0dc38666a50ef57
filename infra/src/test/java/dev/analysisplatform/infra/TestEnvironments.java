package dev.analysisplatform.infra;

import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.Schedule;
import dev.analysisplatform.environment.SourceDefinition;
import dev.analysisplatform.cdktf.ProjectPaths;
import java.nio.file.Path;
import java.util.List;

/** Environments for infrastructure tests; placeholder accounts only. */
public final class TestEnvironments {

    public static final String ANALYTICS = "111111111111";
    public static final String SOURCE_A = "222222222222";
    public static final String SOURCE_B = "333333333333";

    private TestEnvironments() {
    }

    public static SourceDefinition cluster(String name, String account, String cluster, String externalId) {
        return new SourceDefinition(name, account, cluster, null, List.of("automated"), List.of(), externalId,
                Defaults.MAX_SNAPSHOT_AGE_HOURS, null);
    }

    public static SourceDefinition instance(String name, String account, String instance, String externalId) {
        return new SourceDefinition(name, account, null, instance, List.of("automated", "manual"), List.of(name), externalId,
                Defaults.MAX_SNAPSHOT_AGE_HOURS, null);
    }

    public static EnvironmentDefinition with(List<String> emails, SourceDefinition... sources) {
        return new EnvironmentDefinition("test", ANALYTICS, "eu-west-1", "ap-test", "example-ap-test-exports", "exports",
                new Schedule("cron(0 5 * * ? *)", "Europe/Berlin"),
                List.of(EnvironmentDefinition.START_ON_SCHEDULE, EnvironmentDefinition.START_ON_SNAPSHOT), 90, 30, 300, 2, 10,
                Defaults.WAIT_FOR_SNAPSHOT_HOURS, Defaults.EXPORT_PRICE_PER_GB_USD, emails, List.of(sources));
    }

    /** {@code environment} with another {@code startOn}. */
    public static EnvironmentDefinition startingOn(EnvironmentDefinition e, String... startOn) {
        return new EnvironmentDefinition(e.name(), e.analyticsAccountId(), e.region(), e.namePrefix(), e.exportBucketName(),
                e.exportPrefix(), e.schedule(), List.of(startOn), e.exportRetentionDays(), e.logRetentionDays(),
                e.exportPollSeconds(), e.maxConcurrentExportsPerAccount(), e.athenaBytesScannedCutoffGb(),
                e.waitForSnapshotHours(), e.exportPricePerGb(), e.notificationEmails(), e.sources());
    }

    /** Two source accounts, a cluster and an instance, ExternalId on one account, one e-mail. */
    public static EnvironmentDefinition standard() {
        return with(List.of("data-platform@example.com"),
                cluster("orders", SOURCE_A, "orders-aurora", "example-external-id"),
                instance("billing", SOURCE_B, "billing-postgres", null));
    }

    /** The real artifacts, which Maven builds in lambda/ before these tests run (`mvn verify` from the root). */
    public static ProjectPaths.FunctionArtifacts artifacts() {
        return ProjectPaths.artifactsIn(Path.of("..").toAbsolutePath().normalize());
    }
}
