package dev.analysisplatform.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportTaskIdentifiersTest {

    private static final ExportDestination DESTINATION = new ExportDestination("example-bucket", "exports/orders/orders-cluster", null);

    private static Snapshot snapshot(String id) {
        return new Snapshot(id, "arn:aws:rds:eu-west-1:222222222222:cluster-snapshot:" + id, "available", "automated",
                Instant.parse("2026-11-25T03:10:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "rds:orders-cluster-2026-11-25-03-10",
        "orders",
        "a",
        "x-",
        "rds:my--weird---cluster-",
        "awsbackup:job-0123456789abcdef0123456789abcdef",
        "rds:a-very-long-cluster-name-that-goes-on-and-on-and-on-2026-11-25-03-10",
        "UPPER_case.and.dots",
        "9starts-with-digit",
        "---",
        "rds:",
        "snapshot-ending-with-hyphen-after-truncation-xxxxxxxxxxxxxxxxxxxxxxxx-yyyy",
        "arn:aws:rds:eu-west-1:222222222222:cluster-snapshot:shared-snap-1",
        "ünïcödé-snapshot"
    })
    void forAttempt_nastySnapshotIds_areValidRdsIdentifiers(String snapshotId) {
        String id = ExportTaskIdentifiers.forAttempt(snapshot(snapshotId), DESTINATION, ExportSelection.ALL, 1);

        assertThat(id).hasSizeLessThanOrEqualTo(60).startsWith("exp-").doesNotContain("--").doesNotEndWith("-")
                .matches("[a-z][a-z0-9-]*");
        assertThat(ExportTaskIdentifiers.isValid(id)).isTrue();
    }

    @Test
    void forAttempt_sameInputs_sameIdentifier() {
        assertThat(ExportTaskIdentifiers.forAttempt(snapshot("rds:orders-2026-11-25"), DESTINATION, ExportSelection.ALL, 1))
                .isEqualTo(ExportTaskIdentifiers.forAttempt(snapshot("rds:orders-2026-11-25"), DESTINATION, ExportSelection.ALL, 1));
    }

    @Test
    void forAttempt_keepsReadablePartOfSnapshotId() {
        assertThat(ExportTaskIdentifiers.forAttempt(snapshot("rds:orders-cluster-2026-11-25-03-10"), DESTINATION, ExportSelection.ALL, 1))
                .matches("exp-orders-cluster-2026-11-25-03-10-[0-9a-f]{10}");
    }

    @Test
    void forAttempt_differentDestinationOrAttempt_differentIdentifier() {
        Snapshot s = snapshot("rds:orders-2026-11-25");
        Set<String> ids = new HashSet<>();
        ids.add(ExportTaskIdentifiers.forAttempt(s, DESTINATION, ExportSelection.ALL, 1));
        ids.add(ExportTaskIdentifiers.forAttempt(s, DESTINATION, ExportSelection.ALL, 2));
        ids.add(ExportTaskIdentifiers.forAttempt(s, new ExportDestination("other-bucket", DESTINATION.prefix(), null), ExportSelection.ALL, 1));
        ids.add(ExportTaskIdentifiers.forAttempt(s, new ExportDestination(DESTINATION.bucket(), "exports/x/y", null), ExportSelection.ALL, 1));
        ids.add(ExportTaskIdentifiers.forAttempt(s, DESTINATION, ExportSelection.of(List.of("orders.public.a")), 1));
        ids.add(ExportTaskIdentifiers.forAttempt(s, DESTINATION, ExportSelection.of(List.of("orders.public.b")), 1));
        assertThat(ids).hasSize(6);
        assertThat(ExportTaskIdentifiers.forAttempt(s, DESTINATION, ExportSelection.of(List.of("orders.public.b", "orders.public.a")), 1))
                .isEqualTo(ExportTaskIdentifiers.forAttempt(s, DESTINATION, ExportSelection.of(List.of("orders.public.a", "orders.public.b", "orders.public.a")), 1));
    }

    @Test
    void forAttempt_longIdsThatShareTheirTruncatedPrefix_doNotCollide() {
        String common = "rds:a-very-long-cluster-name-that-goes-on-and-on-and-on-";
        assertThat(ExportTaskIdentifiers.forAttempt(snapshot(common + "2026-11-24"), DESTINATION, ExportSelection.ALL, 1))
                .isNotEqualTo(ExportTaskIdentifiers.forAttempt(snapshot(common + "2026-11-25"), DESTINATION, ExportSelection.ALL, 1));
    }

    @Test
    void forAttempt_attemptBelowOne_isRejected() {
        assertThatThrownBy(() -> ExportTaskIdentifiers.forAttempt(snapshot("s"), DESTINATION, ExportSelection.ALL, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "abc-", "a--b", "a_b", "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij"})
    void isValid_brokenIdentifiers_false(String identifier) {
        assertThat(ExportTaskIdentifiers.isValid(identifier)).isFalse();
    }
}
