package dev.analysisplatform.local.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonPathsTest {

    private static JsonNode json(String text) throws Exception {
        return JsonPaths.MAPPER.readTree(text);
    }

    @Test
    void nestedWildcards_yieldOneFlatListOfMatchesAsJaywayDoes() throws Exception {
        JsonNode input = json("{\"results\":[[{\"o\":\"A\"},{\"o\":\"B\"}],[],[{\"o\":\"C\"}]]}");

        assertThat(JsonPaths.read("$.results[*][*].o", input, null).toString()).isEqualTo("[\"A\",\"B\",\"C\"]");
        assertThat(JsonPaths.read("$.results[*][*]", input, null)).hasSize(3);
        assertThat(JsonPaths.read("$.results[*]", input, null)).as("one wildcard keeps the lists").hasSize(3);
    }
}
