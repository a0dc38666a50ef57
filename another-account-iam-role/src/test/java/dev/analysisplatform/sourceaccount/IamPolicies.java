package dev.analysisplatform.sourceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.analysisplatform.infra.SynthesizedStack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every IAM policy of synthesized stacks as plain IAM JSON, with the stacks' real names: the
 * {@code aws_iam_policy_document} data sources rendered the way the AWS provider renders them, and Terraform
 * references ({@code ${aws_s3_bucket.x.arn}}) replaced by the ARN the resource will have. Indexed the way IAM
 * evaluates a request: identity policies by role ARN, resource policies by the ARN of the bucket, key, topic or
 * role they are attached to.
 */
final class IamPolicies {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** The key id is random in AWS; any fixed id stands for it. */
    static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-z0-9_]+)\\.([A-Za-z0-9_-]+)\\.([a-z_]+)}");

    final Map<String, List<ObjectNode>> identityPolicies = new HashMap<>();
    final Map<String, ObjectNode> resourcePolicies = new HashMap<>();
    /** Managed policies by name, for principals the stacks do not create (people's roles). */
    final Map<String, ObjectNode> managedPolicies = new HashMap<>();

    /** Adds the policies of one stack, deployed in {@code accountId}. */
    IamPolicies add(SynthesizedStack stack, String accountId) {
        String region = stack.root.path("provider").path("aws").get(0).path("region").asText();
        Stack s = new Stack(stack.root, region, accountId);
        stack.root.path("resource").path("aws_iam_role").forEach(role -> {
            String roleArn = "arn:aws:iam::" + accountId + ":role/" + role.path("name").asText();
            resourcePolicies.put(roleArn, s.document(role.path("assume_role_policy").asText()));
            identityPolicies.computeIfAbsent(roleArn, k -> new ArrayList<>());
        });
        stack.root.path("resource").path("aws_iam_role_policy").forEach(policy -> {
            String roleArn = "arn:aws:iam::" + accountId + ":role/" + s.resolve(policy.path("role").asText());
            identityPolicies.computeIfAbsent(roleArn, k -> new ArrayList<>()).add(s.document(policy.path("policy").asText()));
        });
        stack.root.path("resource").path("aws_iam_policy").forEach(policy ->
                managedPolicies.put(s.resolve(policy.path("name").asText()), s.document(policy.path("policy").asText())));
        stack.root.path("resource").path("aws_s3_bucket_policy").forEach(policy ->
                resourcePolicies.put("arn:aws:s3:::" + s.resolve(policy.path("bucket").asText()),
                        s.document(policy.path("policy").asText())));
        stack.root.path("resource").path("aws_kms_key").fields().forEachRemaining(key ->
                resourcePolicies.put(s.arn("aws_kms_key", key.getValue()), s.document(key.getValue().path("policy").asText())));
        stack.root.path("resource").path("aws_cloudwatch_event_bus_policy").forEach(policy ->
                resourcePolicies.put("arn:aws:events:" + region + ":" + accountId + ":event-bus/"
                        + s.resolve(policy.path("event_bus_name").asText()), s.document(policy.path("policy").asText())));
        stack.root.path("resource").path("aws_sns_topic_policy").forEach(policy ->
                resourcePolicies.put(s.resolve(policy.path("arn").asText()), s.document(policy.path("policy").asText())));
        return this;
    }

    /** The resource policy that governs {@code resourceArn} (an object's bucket policy), or null. */
    ObjectNode resourcePolicyFor(String resourceArn) {
        return resourcePolicies.get(dev.analysisplatform.testing.IamSimulator.governingResource(resourceArn));
    }

    /** One stack's JSON with what is needed to resolve its references. */
    private record Stack(JsonNode root, String region, String account) {

        ObjectNode document(String reference) {
            // A minified one (Policy.minified): the same document, re-encoded by Terraform.
            java.util.regex.Matcher minified = java.util.regex.Pattern
                    .compile("\\$\\{jsonencode\\(jsondecode\\(data\\.aws_iam_policy_document\\.(.+)\\.json\\)\\)}")
                    .matcher(reference);
            if (minified.matches()) {
                reference = "${data.aws_iam_policy_document." + minified.group(1) + ".json}";
            }
            if (!reference.startsWith("${data.aws_iam_policy_document.") || !reference.endsWith(".json}")) {
                throw new IllegalStateException("not a policy document reference: " + reference);
            }
            String id = reference.substring("${data.aws_iam_policy_document.".length(), reference.length() - "json}".length() - 1);
            return render(root.path("data").path("aws_iam_policy_document").path(id));
        }

        /** The IAM JSON the AWS provider renders from an aws_iam_policy_document's statements. */
        private ObjectNode render(JsonNode document) {
            ObjectNode policy = MAPPER.createObjectNode().put("Version", "2012-10-17");
            ArrayNode statements = policy.putArray("Statement");
            for (JsonNode statement : document.path("statement")) {
                ObjectNode rendered = statements.addObject();
                if (statement.has("sid")) {
                    rendered.put("Sid", statement.path("sid").asText());
                }
                rendered.put("Effect", statement.path("effect").asText("Allow"));
                rendered.set("Action", strings(statement.path("actions")));
                if (statement.has("resources")) {
                    rendered.set("Resource", strings(statement.path("resources")));
                }
                if (statement.has("principals") && statement.path("principals").get(0).path("type").asText().equals("*")) {
                    rendered.put("Principal", "*"); // how the provider renders type "*", identifiers ["*"]
                } else if (statement.has("principals")) {
                    ObjectNode principal = rendered.putObject("Principal");
                    statement.path("principals").forEach(p -> principal.set(p.path("type").asText(), strings(p.path("identifiers"))));
                }
                if (statement.has("condition")) {
                    ObjectNode condition = rendered.putObject("Condition");
                    statement.path("condition").forEach(c -> {
                        ObjectNode test = condition.has(c.path("test").asText()) ? (ObjectNode) condition.get(c.path("test").asText())
                                : condition.putObject(c.path("test").asText());
                        test.set(c.path("variable").asText(), strings(c.path("values")));
                    });
                }
            }
            return policy;
        }

        private ArrayNode strings(JsonNode values) {
            ArrayNode array = MAPPER.createArrayNode();
            // The provider renders &{...} as the IAM policy variable ${...} (Terraform would interpolate ${...}).
            values.forEach(v -> array.add(resolve(v.asText()).replace("&{", "${")));
            return array;
        }

        /** The region of the provider that makes {@code resource}: an aliased one ("aws.<alias>"), else the default. */
        String regionOf(JsonNode resource) {
            String provider = resource.path("provider").asText("");
            if (provider.isEmpty()) {
                return region;
            }
            for (JsonNode candidate : root.path("provider").path("aws")) {
                if (provider.equals("aws." + candidate.path("alias").asText())) {
                    return candidate.path("region").asText();
                }
            }
            throw new IllegalStateException("no provider " + provider);
        }

        /** Replaces every Terraform reference in {@code text} with the value the resource will have. */
        String resolve(String text) {
            Matcher m = REFERENCE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                JsonNode resource = root.path("resource").path(m.group(1)).path(m.group(2));
                if (resource.isMissingNode()) {
                    throw new IllegalStateException("unresolvable reference " + m.group());
                }
                String value = switch (m.group(3)) {
                    case "arn" -> arn(m.group(1), resource);
                    case "id", "name" -> resource.has("name") ? resolve(resource.path("name").asText())
                            : resolve(resource.path("bucket").asText());
                    default -> throw new IllegalStateException("attribute not modelled: " + m.group());
                };
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }

        String arn(String type, JsonNode resource) {
            String name = resolve(resource.path("name").asText());
            String scope = regionOf(resource) + ":" + account + ":";
            return switch (type) {
                case "aws_s3_bucket" -> "arn:aws:s3:::" + resolve(resource.path("bucket").asText());
                case "aws_kms_key" -> "arn:aws:kms:" + scope + "key/" + KEY_ID;
                case "aws_lambda_function" -> "arn:aws:lambda:" + scope + "function:" + resolve(resource.path("function_name").asText());
                case "aws_cloudwatch_log_group" -> "arn:aws:logs:" + scope + "log-group:" + name;
                case "aws_sfn_state_machine" -> "arn:aws:states:" + scope + "stateMachine:" + name;
                case "aws_sns_topic" -> "arn:aws:sns:" + scope + name;
                case "aws_cloudwatch_event_rule" -> "arn:aws:events:" + scope + "rule/" + name;
                case "aws_cloudwatch_metric_alarm" -> "arn:aws:cloudwatch:" + scope + "alarm:"
                        + resolve(resource.path("alarm_name").asText());
                case "aws_iam_role" -> "arn:aws:iam::" + account + ":role/" + name;
                case "aws_cloudwatch_event_bus" -> "arn:aws:events:" + scope + "event-bus/" + name;
                default -> throw new IllegalStateException("ARN of " + type + " not modelled");
            };
        }
    }

    /** For test failure messages: which policies a request met. */
    Map<String, Object> describe(String principalArn, String resourceArn) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("identity", identityPolicies.get(principalArn));
        description.put("resource", resourcePolicyFor(resourceArn));
        return description;
    }
}
