package dev.analysisplatform.sourceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real IAM policy evaluator, @cloud-copilot/iam-simulate, run through Node ({@code tools/iam-evaluator}). It
 * evaluates identity and resource policies together, same-account and cross-account, with every condition operator.
 * AGPL-3.0: a test-time tool only, installed by {@code npm ci --prefix tools/iam-evaluator}, never bundled.
 */
final class IamEvaluator {

    /** One request as IAM sees it: who, what, on which resource of which account, with which context keys. */
    record Request(String id, String principal, String action, String resource, String resourceAccount,
                   Map<String, Object> context) {
    }

    private final IamPolicies policies;

    IamEvaluator(IamPolicies policies) {
        this.policies = policies;
    }

    static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/iam-evaluator/evaluate.mjs"))) {
                return dir.resolve("tools/iam-evaluator");
            }
        }
        throw new IllegalStateException("tools/iam-evaluator not found above " + Path.of("").toAbsolutePath());
    }

    /** Each request's verdict: Allowed, ExplicitlyDenied, ImplicitlyDenied, or Error (with the evaluator's reason). */
    Map<String, String> evaluate(List<Request> requests) throws IOException, InterruptedException {
        Path dir = directory();
        if (!Files.isDirectory(dir.resolve("node_modules/@cloud-copilot/iam-simulate"))) {
            throw new IllegalStateException("The IAM evaluator is not installed: run `npm ci --prefix " + dir
                    + "` (.ci/run does). It is a test-time tool from npm, @cloud-copilot/iam-simulate.");
        }
        ArrayNode input = IamPolicies.MAPPER.createArrayNode();
        for (Request request : requests) {
            input.addObject().put("id", request.id()).set("simulation", simulation(request));
        }
        Path file = Files.createTempFile("iam-simulations-", ".json");
        try {
            Files.writeString(file, input.toString());
            Process node = new ProcessBuilder("node", "evaluate.mjs").directory(dir.toFile())
                    .redirectInput(file.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(120, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException("the IAM evaluator failed: " + output);
            }
            Map<String, String> verdicts = new LinkedHashMap<>();
            for (JsonNode result : IamPolicies.MAPPER.readTree(output)) {
                verdicts.put(result.path("id").asText(), result.path("result").asText()
                        + (result.has("errors") ? " " + result.path("errors") : ""));
            }
            return verdicts;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private ObjectNode simulation(Request request) {
        ObjectNode simulation = IamPolicies.MAPPER.createObjectNode();
        ArrayNode identity = simulation.putArray("identityPolicies");
        List<ObjectNode> attached = policies.identityPolicies.getOrDefault(request.principal(), new ArrayList<>());
        for (int i = 0; i < attached.size(); i++) {
            identity.addObject().put("name", "policy" + i).set("policy", attached.get(i));
        }
        simulation.putArray("serviceControlPolicies");
        simulation.putArray("resourceControlPolicies");
        ObjectNode resourcePolicy = policies.resourcePolicyFor(request.resource());
        if (resourcePolicy != null) {
            simulation.set("resourcePolicy", resourcePolicy);
        }
        ObjectNode req = simulation.putObject("request");
        req.put("action", request.action()).put("principal", request.principal());
        req.putObject("resource").put("accountId", request.resourceAccount()).put("resource", request.resource());
        req.set("contextVariables", IamPolicies.MAPPER.valueToTree(request.context()));
        return simulation;
    }
}
