package dev.analysisplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.analysisplatform.local.TerraformCalls.Call;
import dev.analysisplatform.testing.IamSimulator;
import dev.analysisplatform.testing.IamSimulator.Simulation;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts every call a deploy made to the IAM evaluator as the deploy role would make it: identity policy = the deploy
 * role policy from {@code docs/github/}, resource = each resource of the state the call served (its bucket or key
 * policy as the resource policy, its tags as context), plus what AWS authorizes implicitly: passing a role to the
 * function, state machine or schedule created with it, and an alias's target key.
 */
final class DeployRoleCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRINCIPAL_ROLE = "analysis-platform-deploy";

    /** No permission is needed for it (AWS STS API reference, GetCallerIdentity). */
    private static final Set<String> NEEDS_NO_PERMISSION = Set.of("sts:GetCallerIdentity");

    private final JsonNode policy;
    private final JsonNode state;
    private final String account;
    private final Map<String, JsonNode> resourcePolicies = new LinkedHashMap<>();

    DeployRoleCheck(JsonNode policy, JsonNode state, String account) {
        this.policy = policy;
        this.state = state;
        this.account = account;
        for (JsonNode attributes : instances("aws_s3_bucket_policy")) {
            resourcePolicies.put("arn:aws:s3:::" + attributes.path("bucket").asText(), parse(attributes.path("policy").asText()));
        }
        for (JsonNode attributes : instances("aws_kms_key")) {
            resourcePolicies.put(attributes.path("arn").asText(), parse(attributes.path("policy").asText()));
        }
    }

    /** Each request that is not Allowed, with the evaluator's verdict; empty when the policy suffices. */
    Map<String, String> denied(Set<Call> calls, String stateBucket) {
        Map<String, Simulation> simulations = new LinkedHashMap<>();
        for (Call call : calls) {
            if (NEEDS_NO_PERMISSION.contains(call.action())) {
                continue;
            }
            if (call.resourceType().isEmpty()) {
                String resource = call.url().isEmpty() ? "*" : s3Arn(call.url(), stateBucket);
                simulations.put(call.action() + " " + resource, simulation(call.action() + " " + resource, call.action(),
                        resource, Map.of()));
                continue;
            }
            List<JsonNode> served = instances(call.resourceType());
            if (served.isEmpty()) {
                throw new IllegalStateException(call + ": no " + call.resourceType() + " in the state");
            }
            for (JsonNode attributes : served) {
                String resource = arn(call.resourceType(), attributes);
                Map<String, Object> context = tagContext(attributes);
                simulations.put(call.action() + " " + resource, simulation(call.action() + " " + resource, call.action(),
                        resource, context));
                implied(call.action(), attributes).forEach(s -> simulations.put(s.id(), s));
            }
        }
        Map<String, String> denied = new LinkedHashMap<>();
        List<Simulation> unscoped = new ArrayList<>();
        IamSimulator.evaluate(List.copyOf(simulations.values())).forEach((id, result) -> {
            if (result.path("errors").toString().contains(MUST_USE_WILDCARD)) {
                // The action has no resource-level permissions (e.g. kms:CreateKey, logs:DescribeLogGroups): IAM
                // authorizes it on "*", whatever resource the call served.
                unscoped.add(simulations.get(id).onAnyResource());
            } else if (!result.path("result").asText().equals("Allowed")) {
                denied.put(id, IamSimulator.verdict(result));
            }
        });
        IamSimulator.evaluate(unscoped).forEach((id, result) -> {
            if (!result.path("result").asText().equals("Allowed")) {
                denied.put(id + " (on *)", IamSimulator.verdict(result));
            }
        });
        return denied;
    }

    private static final String MUST_USE_WILDCARD = "must.use.wildcard";

    /** How many requests {@link #denied} evaluates for {@code calls} (for the report). */
    static int count(Set<Call> calls) {
        return (int) calls.stream().filter(c -> !NEEDS_NO_PERMISSION.contains(c.action())).count();
    }

    /** Authorizations AWS checks inside a call (iam:PassRole; kms:CreateAlias on the target key too). */
    private List<Simulation> implied(String action, JsonNode attributes) {
        List<Simulation> implied = new ArrayList<>();
        // Creating a function, state machine, schedule or rule target hands that service the role it names.
        Map.Entry<String, String> passed = switch (action) {
            case "lambda:CreateFunction", "lambda:UpdateFunctionConfiguration" ->
                    Map.entry("lambda.amazonaws.com", attributes.path("role").asText());
            case "states:CreateStateMachine", "states:UpdateStateMachine" ->
                    Map.entry("states.amazonaws.com", attributes.path("role_arn").asText());
            case "scheduler:CreateSchedule", "scheduler:UpdateSchedule" ->
                    Map.entry("scheduler.amazonaws.com", attributes.path("target").path(0).path("role_arn").asText());
            case "events:PutTargets" -> Map.entry("events.amazonaws.com", attributes.path("role_arn").asText());
            default -> null;
        };
        if (passed != null && !passed.getValue().isEmpty()) {
            implied.add(simulation("iam:PassRole " + passed.getValue() + " to " + passed.getKey(), "iam:PassRole",
                    passed.getValue(), Map.of("iam:PassedToService", passed.getKey())));
        }
        if (action.equals("kms:CreateAlias") && attributes.has("target_key_arn")) {
            String key = attributes.path("target_key_arn").asText();
            implied.add(simulation("kms:CreateAlias " + key, "kms:CreateAlias", key, tagContext(keyAttributes(key))));
        }
        return implied;
    }

    private JsonNode keyAttributes(String keyArn) {
        return instances("aws_kms_key").stream().filter(k -> k.path("arn").asText().equals(keyArn)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no key " + keyArn + " in the state"));
    }

    /** The deploy role making {@code action} on {@code resource}, under that resource's policy, over TLS. */
    private Simulation simulation(String id, String action, String resource, Map<String, Object> context) {
        Map<String, Object> all = new LinkedHashMap<>(context);
        all.put("aws:SecureTransport", "true");
        return new Simulation(id, List.of(policy), resourcePolicies.get(IamSimulator.governingResource(resource)),
                "arn:aws:iam::" + account + ":role/" + PRINCIPAL_ROLE, action, resource, account, all);
    }

    /** The resource's tags as the request's and the resource's (the evaluator keeps those the action knows). */
    private static Map<String, Object> tagContext(JsonNode attributes) {
        Map<String, Object> context = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        attributes.path("tags_all").fields().forEachRemaining(tag -> {
            context.put("aws:ResourceTag/" + tag.getKey(), tag.getValue().asText());
            context.put("aws:RequestTag/" + tag.getKey(), tag.getValue().asText());
            keys.add(tag.getKey());
        });
        if (!keys.isEmpty()) {
            context.put("aws:TagKeys", keys);
        }
        return context;
    }

    /** The ARN IAM authorizes a call on, for the resource types the stacks declare. */
    private String arn(String type, JsonNode a) {
        if (type.startsWith("aws_s3_bucket")) {
            return "arn:aws:s3:::" + a.path("bucket").asText();
        }
        return switch (type) {
            case "aws_iam_role_policy" -> "arn:aws:iam::" + account + ":role/" + a.path("role").asText();
            case "aws_cloudwatch_dashboard" -> a.path("dashboard_arn").asText();
            case "aws_cloudwatch_event_target" -> arnOfRule(a.path("rule").asText());
            case "aws_cloudwatch_event_bus_policy" -> arnOfBus(a.path("event_bus_name").asText());
            case "aws_sns_topic_subscription" -> a.path("topic_arn").asText();
            default -> {
                String arn = a.path("arn").asText();
                if (arn.isEmpty()) {
                    throw new IllegalStateException("no ARN modelled for " + type);
                }
                yield arn;
            }
        };
    }

    private String arnOfRule(String rule) {
        return instances("aws_cloudwatch_event_rule").stream().map(r -> r.path("arn").asText())
                .filter(arn -> arn.endsWith("/" + rule)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no rule " + rule + " in the state"));
    }

    private String arnOfBus(String bus) {
        return instances("aws_cloudwatch_event_bus").stream().map(b -> b.path("arn").asText())
                .filter(arn -> arn.endsWith("/" + bus)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no event bus " + bus + " in the state"));
    }

    private static String s3Arn(String url, String stateBucket) {
        String path = URI.create(url).getPath();
        // Path-style (the emulator's endpoint) or virtual-hosted: the state bucket is the one the backend uses.
        String key = path.startsWith("/" + stateBucket) ? path.substring(stateBucket.length() + 1) : path;
        key = key.startsWith("/") ? key.substring(1) : key;
        return "arn:aws:s3:::" + stateBucket + (key.isEmpty() ? "" : "/" + key);
    }

    private List<JsonNode> instances(String type) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode resource : state.path("resources")) {
            if (resource.path("mode").asText().equals("managed") && resource.path("type").asText().equals(type)) {
                resource.path("instances").forEach(i -> found.add(i.path("attributes")));
            }
        }
        return found;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }
}
