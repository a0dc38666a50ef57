package dev.analysisplatform.sourceaccount;

import dev.analysisplatform.testing.IamSimulator;
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
    Map<String, String> evaluate(List<Request> requests) {
        List<IamSimulator.Simulation> simulations = requests.stream().map(r -> new IamSimulator.Simulation(r.id(),
                policies.identityPolicies.getOrDefault(r.principal(), List.of()), policies.resourcePolicyFor(r.resource()),
                r.principal(), r.action(), r.resource(), r.resourceAccount(), r.context())).toList();
        Map<String, String> verdicts = new LinkedHashMap<>();
        IamSimulator.evaluate(simulations).forEach((id, result) -> verdicts.put(id, IamSimulator.verdict(result)));
        return verdicts;
    }
}
