package dev.analysisplatform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real IAM policy evaluator, @cloud-copilot/iam-simulate, run through Node ({@code tools/iam-evaluator}): identity
 * and resource policies together, same-account and cross-account, every condition operator. AGPL-3.0: a test-time tool
 * only, installed from its lock file by the build (another-account-iam-role's pom), never bundled.
 */
public final class IamSimulator {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request as IAM sees it: who (with their identity policies), what, on which resource of which account (with
     * its resource policy, or null), and the request's context keys.
     */
    public record Simulation(String id, List<? extends JsonNode> identityPolicies, JsonNode resourcePolicy,
                             String principal, String action, String resource, String resourceAccount,
                             Map<String, ?> context) {

        /** The same request on {@code "*"}: how IAM authorizes an action that has no resource-level permissions. */
        public Simulation onAnyResource() {
            return new Simulation(id, identityPolicies, null, principal, action, "*", resourceAccount, context);
        }

        ObjectNode toJson() {
            ObjectNode simulation = JSON.createObjectNode();
            ArrayNode identity = simulation.putArray("identityPolicies");
            for (int i = 0; i < identityPolicies.size(); i++) {
                identity.addObject().put("name", "policy" + i).set("policy", identityPolicies.get(i));
            }
            simulation.putArray("serviceControlPolicies");
            simulation.putArray("resourceControlPolicies");
            if (resourcePolicy != null) {
                simulation.set("resourcePolicy", resourcePolicy);
            }
            ObjectNode request = simulation.putObject("request").put("action", action).put("principal", principal);
            request.putObject("resource").put("accountId", resourceAccount).put("resource", resource);
            request.set("contextVariables", JSON.valueToTree(context));
            return simulation;
        }
    }

    private IamSimulator() {
    }

    /** The resource whose policy governs {@code resourceArn}: an S3 object's is its bucket's. */
    public static String governingResource(String resourceArn) {
        return resourceArn.startsWith("arn:aws:s3:::") && resourceArn.contains("/")
                ? resourceArn.substring(0, resourceArn.indexOf('/')) : resourceArn;
    }

    /**
     * Each simulation's result by id: {@code {id, result, errors?}} with result Allowed, ExplicitlyDenied,
     * ImplicitlyDenied or Error.
     */
    public static Map<String, JsonNode> evaluate(List<Simulation> simulations) {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        if (simulations.isEmpty()) {
            return results;
        }
        ArrayNode input = JSON.createArrayNode();
        simulations.forEach(s -> input.addObject().put("id", s.id()).set("simulation", s.toJson()));
        try {
            for (JsonNode result : JSON.readTree(run(input.toString()))) {
                results.put(result.path("id").asText(), result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the IAM evaluator answered with something other than JSON", e);
        }
        return results;
    }

    /** A result as one line: its verdict, and the evaluator's errors if any. */
    public static String verdict(JsonNode result) {
        return result.path("result").asText() + (result.has("errors") ? " " + result.path("errors") : "");
    }

    /** {@code tools/iam-evaluator}, found above the working directory. */
    public static Path directory() {
        return ProjectTools.find("tools/iam-evaluator/evaluate.mjs").getParent();
    }

    private static String run(String simulationsJson) {
        Path dir = directory();
        if (!Files.isDirectory(dir.resolve("node_modules/@cloud-copilot/iam-simulate"))) {
            throw new IllegalStateException("The IAM evaluator is not installed: run `npm ci --prefix " + dir
                    + "` (the build does). It is a test-time tool from npm, @cloud-copilot/iam-simulate.");
        }
        return ProjectTools.run(List.of("node", "evaluate.mjs"), dir, simulationsJson, "the IAM evaluator");
    }
}
