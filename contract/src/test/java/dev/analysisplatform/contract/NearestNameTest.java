package dev.analysisplatform.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NearestNameTest {

    private static final List<String> KNOWN = List.of("sources", "dryRun", "snapshotIdentifier", "maxSnapshotAgeHours",
            "exportRetentionDays", "namePrefix");

    @ParameterizedTest
    @CsvSource({"dryrun,dryRun", "Sources,sources", "source,sources", "snapshotIdentifer,snapshotIdentifier",
        "maxSnapshotAge,maxSnapshotAgeHours", "exportRetentionDay,exportRetentionDays", "nameprefix,namePrefix"})
    void typos_suggestTheKnownName(String typed, String meant) {
        assertThat(NearestName.of(typed, KNOWN)).isEqualTo(meant);
        assertThat(NearestName.suggestion(typed, KNOWN)).isEqualTo("; did you mean '" + meant + "'?");
    }

    @Test
    void unrelatedNames_suggestNothing() {
        assertThat(NearestName.of("completelyDifferent", KNOWN)).isNull();
        assertThat(NearestName.of("x", KNOWN)).isNull();
        assertThat(NearestName.of("max", KNOWN)).as("too short to be a prefix worth suggesting").isNull();
        assertThat(NearestName.suggestion("bucketName", KNOWN)).isEqualTo(".");
    }

    @Test
    void distance_countsSingleCharacterEdits() {
        assertThat(NearestName.distance("dryrun", "dryrun")).isZero();
        assertThat(NearestName.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(NearestName.distance("", "abc")).isEqualTo(3);
    }
}
