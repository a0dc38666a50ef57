package dev.analysisplatform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's IAM and storage rules, applied to synthesized stacks. The wildcard exceptions live here, in
 * one place, each with the reason AWS gives nothing narrower (README "Security" links here).
 */
public final class PolicyRules {

    /** Statement id prefix → why it may use a wildcard action or resource. */
    public static final Map<String, String> WILDCARD_EXCEPTIONS = Map.of(
            "AnalyticsAccountAdministers", "KMS key policy: the owning account must hold kms:* on the key ('*' means "
                    + "this key), or the key becomes unmanageable.",
            "SourceRolesExport", "KMS key policy: Resource '*' in a key policy means this key only.",
            "DeliverExecutionLogs", "CloudWatch Logs log-delivery APIs used by Step Functions have no resource-level "
                    + "permissions.",
            "OpenAthenaConsole", "athena:ListWorkGroups, ListEngineVersions and ListDataCatalogs list the account's "
                    + "workgroups, engines and catalogs; they take no resource (Service Authorization Reference), and the "
                    + "Athena console calls them before it shows any workgroup (AWS's workgroup example policy).",
            "FindExportTasks", "rds:DescribeExportTasks is called with a source-arn filter and no identifier; RDS "
                    + "authorizes such a list against no particular resource. rds:StartExportTask is scoped to the "
                    + "configured databases' snapshot ARNs (Service Authorization Reference: resource types cluster, "
                    + "cluster-snapshot, snapshot).");

    /** The one bucket that may use SSE-S3, and why. */
    public static final String SSE_S3_EXCEPTION = "except the access-log bucket: S3 server access log delivery cannot "
            + "write with the AWS-managed KMS key, and access logs hold requesters and keys, never rows";

    private PolicyRules() {
    }

    private static long accessLogBuckets(SynthesizedStack stack) {
        return stack.resources("aws_s3_bucket").stream()
                .filter(b -> b.path("bucket").asText().contains("-access-logs-")).count();
    }

    public static List<String> violations(SynthesizedStack stack) {
        List<String> problems = new ArrayList<>();
        for (JsonNode statement : stack.policyStatements()) {
            String sid = statement.path("sid").asText();
            boolean allow = !"Deny".equals(statement.path("effect").asText());
            boolean excepted = WILDCARD_EXCEPTIONS.keySet().stream().anyMatch(sid::startsWith);
            if (sid.isEmpty()) {
                problems.add("statement without sid in " + statement.path("document").asText());
            }
            if (allow && !excepted) {
                for (String action : SynthesizedStack.texts(statement.path("actions"))) {
                    if (action.equals("*") || action.endsWith(":*")) {
                        problems.add(sid + ": wildcard action " + action);
                    }
                }
                for (String resource : SynthesizedStack.texts(statement.path("resources"))) {
                    if (resource.equals("*")) {
                        problems.add(sid + ": Resource \"*\"");
                    }
                }
            }
            if (allow) {
                for (JsonNode principal : statement.path("principals")) {
                    if (SynthesizedStack.texts(principal.path("identifiers")).contains("*")) {
                        problems.add(sid + ": allows principal \"*\"");
                    }
                }
            }
        }
        int buckets = stack.resources("aws_s3_bucket").size();
        if (stack.resources("aws_s3_bucket_public_access_block").size() != buckets) {
            problems.add("every bucket needs a public access block");
        }
        if (stack.resources("aws_s3_bucket_policy").size() != buckets
                || stack.policyStatements().stream().filter(s -> s.path("sid").asText().equals("DenyInsecureTransport"))
                .count() != buckets) {
            problems.add("every bucket needs a TLS-only bucket policy");
        }
        List<JsonNode> encryption = stack.resources("aws_s3_bucket_server_side_encryption_configuration");
        long sseS3 = encryption.stream().filter(e -> "AES256".equals(e.path("rule").get(0)
                .path("apply_server_side_encryption_by_default").path("sse_algorithm").asText())).count();
        if (encryption.size() != buckets || encryption.size() - sseS3 != buckets - accessLogBuckets(stack)
                || !encryption.stream().allMatch(e -> List.of("aws:kms", "AES256").contains(e.path("rule").get(0)
                .path("apply_server_side_encryption_by_default").path("sse_algorithm").asText()))) {
            problems.add("every bucket needs SSE-KMS"); // but see SSE_S3_EXCEPTION
        }
        for (JsonNode group : stack.resources("aws_cloudwatch_log_group")) {
            if (!group.has("retention_in_days")) {
                problems.add("log group " + group.path("name").asText() + " has no retention");
            }
        }
        return problems;
    }
}
