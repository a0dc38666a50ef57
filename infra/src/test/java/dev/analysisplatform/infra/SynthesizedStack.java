package dev.analysisplatform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.TerraformStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The Terraform JSON of one synthesized stack, with lookups the tests share. */
public final class SynthesizedStack {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final String json;
    public final JsonNode root;

    private SynthesizedStack(String json) {
        this.json = json;
        try {
            this.root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The analytics stack of {@link TestEnvironments#standard()}, with the real exporter artifact. */
    public static SynthesizedStack standardAnalytics() {
        return of(new AnalyticsStack(Testing.app(), "test", TestEnvironments.standard(), TestEnvironments.artifacts()));
    }

    public static SynthesizedStack of(TerraformStack stack) {
        return new SynthesizedStack(Testing.synth(stack));
    }

    /** All resources of a type (empty when none). */
    public List<JsonNode> resources(String type) {
        return children(root.path("resource").path(type));
    }

    /** Resources of a type created under one construct (its id appears in the construct path). */
    public List<JsonNode> resourcesIn(String type, String constructId) {
        // Logical ids are the construct path joined with '_' plus a hash, e.g. export-bucket_secure_bucket_1A2B3C4D.
        List<JsonNode> matching = new ArrayList<>();
        root.path("resource").path(type).fields().forEachRemaining(entry -> {
            if (entry.getKey().startsWith(constructId + "_")) {
                matching.add(entry.getValue());
            }
        });
        return matching;
    }

    public JsonNode onlyResourceIn(String type, String constructId) {
        List<JsonNode> all = resourcesIn(type, constructId);
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one " + type + " under " + constructId + ", found " + all.size());
        }
        return all.get(0);
    }

    public JsonNode onlyResource(String type) {
        List<JsonNode> all = resources(type);
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one " + type + ", found " + all.size());
        }
        return all.get(0);
    }

    /** Every statement of every aws_iam_policy_document, each with its document's id in "document". */
    public List<JsonNode> policyStatements() {
        List<JsonNode> statements = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> documents = root.path("data").path("aws_iam_policy_document").fields();
        while (documents.hasNext()) {
            Map.Entry<String, JsonNode> document = documents.next();
            for (JsonNode statement : document.getValue().path("statement")) {
                statements.add(((com.fasterxml.jackson.databind.node.ObjectNode) statement.deepCopy())
                        .put("document", document.getKey()));
            }
        }
        return statements;
    }

    public JsonNode statement(String sid) {
        return policyStatements().stream().filter(s -> sid.equals(s.path("sid").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no policy statement with sid " + sid));
    }

    public static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<JsonNode> children(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        node.forEach(values::add);
        return values;
    }
}
