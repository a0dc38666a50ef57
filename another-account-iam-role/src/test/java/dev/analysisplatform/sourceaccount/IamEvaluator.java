package dev.analysisplatform.sourceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.analysisplatform.testing.IamSimulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The synthesized stacks' policies ({@link IamPolicies}) put to the real IAM evaluator ({@link IamSimulator}). */
final class IamEvaluator {

    /** One request as IAM sees it: who, what, on which resource of which account, with which context keys. */
    record Request(String id, String principal, String action, String resource, String resourceAccount,
                   Map<String, Object> context) {
    }

    private final IamPolicies policies;

    IamEvaluator(IamPolicies policies) {
        this.policies = policies;
    }

    /** Each request's verdict: Allowed, ExplicitlyDenied, ImplicitlyDenied, or Error (with the evaluator's reason). */
    Map<String, String> evaluate(List<Request> requests) throws IOException {
        ArrayNode input = IamPolicies.MAPPER.createArrayNode();
        for (Request request : requests) {
            input.addObject().put("id", request.id()).set("simulation", simulation(request));
        }
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (JsonNode result : IamPolicies.MAPPER.readTree(IamSimulator.run(input.toString()))) {
            verdicts.put(result.path("id").asText(), result.path("result").asText()
                    + (result.has("errors") ? " " + result.path("errors") : ""));
        }
        return verdicts;
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
