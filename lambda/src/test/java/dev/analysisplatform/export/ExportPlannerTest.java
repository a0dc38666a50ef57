package dev.analysisplatform.export;

import dev.analysisplatform.export.runtime.JsonInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analysisplatform.export.errors.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportPlannerTest {

    private static final List<Map<String, Object>> CONFIGURED = List.of(
            Map.of("sourceName", "orders", "sourceRoleArn", Fixtures.READER_ROLE, "exportRoleArn", Fixtures.EXPORT_ROLE,
                    "dbClusterIdentifier", "orders-aurora", "snapshotTypes", List.of("automated")),
            Map.of("sourceName", "billing", "sourceRoleArn", Fixtures.READER_ROLE, "exportRoleArn", Fixtures.EXPORT_ROLE,
                    "dbInstanceIdentifier", "billing-db", "snapshotTypes", List.of("automated"),
                    "exportOnly", List.of("billing")));

    private final ExportPlanner planner = new ExportPlanner();

    @ParameterizedTest
    @ValueSource(strings = {"console-sample.json", "empty.json", "junk-string.json", "junk-array.json"})
    void plan_anyInputWithoutSelection_plansEverySourceWithAllFieldsPresent(String event) {
        List<Map<String, Object>> plan = planner.plan(CONFIGURED, Fixtures.eventInput(event), null);

        assertThat(plan).extracting(i -> i.get("sourceName")).containsExactly("orders", "billing");
        assertThat(plan).allSatisfy(item -> assertThat(item).containsKeys("sourceName", "sourceRoleArn", "externalId",
                "exportRoleArn", "dbClusterIdentifier", "dbInstanceIdentifier", "snapshotTypes", "exportOnly",
                "snapshotIdentifier", "dryRun"));
        assertThat(plan.get(0)).containsEntry("dbInstanceIdentifier", null).containsEntry("dryRun", false);
        // every planned item is a valid exporter input
        ExportRequestParser parser = new ExportRequestParser(new SourceSettings(null, null, null, null, null, null));
        plan.forEach(item -> parser.parse(JsonInput.of(item)));
    }

    @Test
    void plan_sourcesAndOverrides_selectsAndOverrides() {
        List<Map<String, Object>> plan = planner.plan(CONFIGURED, JsonInput.of(Map.of("sources", List.of("billing"),
                "dryRun", true, "snapshotTypes", List.of("manual"), "Comment", "ignored")), "2026-11-25T03:00:00Z");

        assertThat(plan).singleElement().satisfies(item -> {
            assertThat(item).containsEntry("sourceName", "billing").containsEntry("dryRun", true)
                    .containsEntry("snapshotTypes", List.of("manual")).containsEntry("exportOnly", List.of("billing"))
                    .containsEntry("runStartTime", "2026-11-25T03:00:00Z");
        });
    }

    @Test
    void plan_unknownSourceName_listsConfiguredOnes() {
        assertThatThrownBy(() -> planner.plan(CONFIGURED, JsonInput.of(Map.of("sources", List.of("ordrs"))), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ordrs").hasMessageContaining("orders");
    }

    /** Before: 12,000 unknown names made a 264,092-character error, over the 32,768 AWS keeps of a cause. */
    @Test
    void plan_thousandsOfUnknownNames_errorStaysShort() {
        List<String> typed = java.util.stream.IntStream.range(0, 12_000).mapToObj(i -> "source_" + i).toList();

        assertThatThrownBy(() -> planner.plan(CONFIGURED, JsonInput.of(Map.of("sources", typed)), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("names 12000 unknown source(s) [source_0, source_1,")
                .hasMessageContaining("… and 11980 more]")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_000));
    }

    /** Before: any number of names was copied into every selected source's plan item. */
    @Test
    void plan_exportOnlyOverrideLongerThanAPlanCarries_refused() {
        List<String> names = java.util.stream.IntStream.rangeClosed(0, dev.analysisplatform.contract.ValueRules.MAX_EXPORT_ONLY_ENTRIES)
                .mapToObj(i -> "shop.table_" + i).toList();

        assertThatThrownBy(() -> planner.plan(CONFIGURED, JsonInput.of(Map.of("exportOnly", names)), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'exportOnly' names 101")
                .hasMessageContaining("at most 100");
        assertThat(planner.plan(CONFIGURED, JsonInput.of(Map.of("exportOnly", names.subList(0, 100))), null)).hasSize(2);
    }

    @Test
    void plan_snapshotIdentifierForSeveralSources_rejected() {
        assertThatThrownBy(() -> planner.plan(CONFIGURED, JsonInput.of(Map.of("snapshotIdentifier", "orders-before-migration")), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("exactly one source");
    }

    @Test
    void plan_wrongTypeOverride_namesField() {
        assertThatThrownBy(() -> planner.plan(CONFIGURED, JsonInput.of(Map.of("dryRun", "true")), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'dryRun'");
    }

    @Test
    void groups_byAccountAndRegion_inPlanOrder() {
        Map<String, Object> a1 = Map.of("sourceName", "a1", "sourceRoleArn", "arn:aws:iam::222222222222:role/r",
                "sourceRegion", "eu-west-1");
        Map<String, Object> b1 = Map.of("sourceName", "b1", "sourceRoleArn", "arn:aws-cn:iam::333333333333:role/r",
                "sourceRegion", "eu-west-1");
        Map<String, Object> a2 = Map.of("sourceName", "a2", "sourceRoleArn", "arn:aws:iam::222222222222:role/r",
                "sourceRegion", "eu-west-1");
        Map<String, Object> a3 = Map.of("sourceName", "a3", "sourceRoleArn", "arn:aws:iam::222222222222:role/r",
                "sourceRegion", "us-east-1");
        Map<String, Object> own = Map.of("sourceName", "own");

        List<ExportPlanner.Group> groups = ExportPlanner.groups(List.of(a1, b1, a2, a3, own));

        assertThat(groups).extracting(g -> g.account() + "/" + g.region()).containsExactly("222222222222/eu-west-1",
                "333333333333/eu-west-1", "222222222222/us-east-1", "self/default");
        assertThat(groups.get(0).exports()).containsExactly(a1, a2);
        assertThat(groups.get(2).exports()).containsExactly(a3);
    }
}
