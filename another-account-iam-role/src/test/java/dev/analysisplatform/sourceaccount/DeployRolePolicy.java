package dev.analysisplatform.sourceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a deploy role (GitHub Actions, {@code .github/workflows/deploy.yml}) needs to plan and apply one synthesized
 * stack, and nothing more: a statement per kind of resource the stack declares, each scoped to the environment's names
 * ({@code <prefix>} and {@code <prefix>-*}, the stack's own bucket names, its state object). The actions are those the
 * AWS provider calls to create, read, update and delete each resource type; the deploy guide's test
 * (local-run's DeployGuideIntegrationTest) records every call a real {@code cdktf deploy} makes and has the IAM
 * evaluator check each one against the policy written from this class.
 *
 * <p>A resource type without an entry fails generation: adding a kind of resource to a stack means deciding what the
 * deploy role may do with it.
 */
final class DeployRolePolicy {

    /** One kind of resource: the actions on it and where they may act. */
    private record Grant(String sid, List<String> actions, List<String> resources, ObjectNode condition) {
    }

    private final JsonNode stack;
    private final String prefix;
    private final String account;
    private final String region;
    /** Every provider's region: a source region's key, alias and event rules are made by that region's provider. */
    private final List<String> regions = new ArrayList<>();
    private final Map<String, String> defaultTags;

    private DeployRolePolicy(JsonNode stack, String prefix, String account) {
        this.stack = stack;
        this.prefix = prefix;
        this.account = account;
        JsonNode provider = stack.path("provider").path("aws").get(0);
        this.region = provider.path("region").asText();
        stack.path("provider").path("aws").forEach(p -> regions.add(p.path("region").asText()));
        this.defaultTags = new LinkedHashMap<>();
        provider.path("default_tags").path(0).path("tags").fields()
                .forEachRemaining(tag -> defaultTags.put(tag.getKey(), tag.getValue().asText()));
    }

    /** The policy for deploying {@code stack} (its synthesized JSON) into {@code account}. */
    static ObjectNode forStack(JsonNode stack, String namePrefix, String account) {
        return new DeployRolePolicy(stack, namePrefix, account).policy();
    }

    private ObjectNode policy() {
        Set<String> types = new TreeSet<>();
        stack.path("resource").fieldNames().forEachRemaining(types::add);
        List<Grant> grants = new ArrayList<>();
        grants.add(state());
        Set<String> covered = new LinkedHashSet<>();
        for (String type : types) {
            covered.add(type);
            switch (type) {
                case "aws_iam_role", "aws_iam_role_policy" -> add(grants, roles());
                case "aws_iam_policy" -> add(grants, grant("ManagedPolicies", iam("policy"), List.of(
                        "iam:CreatePolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions",
                        "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:DeletePolicy", "iam:TagPolicy",
                        "iam:UntagPolicy")));
                case "aws_s3_bucket", "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_logging",
                     "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block",
                     "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning" -> add(grants, buckets());
                case "aws_kms_key", "aws_kms_alias" -> kms().forEach(g -> add(grants, g));
                case "aws_s3_object" -> objects().forEach(g -> add(grants, g));
                case "aws_lambda_function", "aws_lambda_alias" -> add(grants, grant("Functions",
                        List.of(arn("lambda", "function:" + prefix + "-*")), List.of(
                        "lambda:CreateFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration",
                        "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:DeleteFunction",
                        "lambda:ListVersionsByFunction", "lambda:PublishVersion", "lambda:GetFunctionCodeSigningConfig",
                        "lambda:GetPolicy", "lambda:ListTags", "lambda:TagResource", "lambda:UntagResource",
                        "lambda:CreateAlias", "lambda:GetAlias", "lambda:UpdateAlias", "lambda:DeleteAlias")));
                case "aws_sfn_state_machine" -> {
                    add(grants, grant("StateMachines",
                            List.of(arn("states", "stateMachine:" + prefix + "-*")), List.of(
                            "states:CreateStateMachine", "states:DescribeStateMachine", "states:UpdateStateMachine",
                            "states:DeleteStateMachine", "states:ListStateMachineVersions", "states:ListTagsForResource",
                            "states:TagResource", "states:UntagResource")));
                    // The provider validates a definition before it creates or updates the state machine; the action
                    // has no resource-level permissions (Service Authorization Reference).
                    add(grants, grant("ValidateDefinitions", List.of("*"), List.of("states:ValidateStateMachineDefinition")));
                }
                case "aws_cloudwatch_log_group" -> {
                    add(grants, grant("LogGroups", List.of(
                            arn("logs", "log-group:/aws/lambda/" + prefix + "-*"),
                            arn("logs", "log-group:/aws/vendedlogs/states/" + prefix + "-*")), List.of(
                            "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy",
                            "logs:DeleteRetentionPolicy", "logs:ListTagsForResource", "logs:ListTagsLogGroup",
                            "logs:TagResource", "logs:UntagResource", "logs:TagLogGroup", "logs:UntagLogGroup")));
                    // DescribeLogGroups has no resource-level permissions (Service Authorization Reference).
                    add(grants, grant("ListLogGroups", List.of("*"), List.of("logs:DescribeLogGroups")));
                }
                case "aws_cloudwatch_metric_alarm" -> add(grants, grant("Alarms",
                        List.of(arn("cloudwatch", "alarm:" + prefix + "-*")), List.of(
                        "cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms",
                        "cloudwatch:ListTagsForResource",
                        "cloudwatch:TagResource", "cloudwatch:UntagResource")));
                case "aws_cloudwatch_dashboard" -> add(grants, grant("Dashboards",
                        List.of("arn:aws:cloudwatch::" + account + ":dashboard/" + prefix + "-*"), List.of(
                        "cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards")));
                case "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target" -> add(grants, grant("EventRules",
                        inEveryRegion("events", "rule/" + prefix + "-*"), List.of(
                        "events:PutRule", "events:DescribeRule", "events:DeleteRule", "events:PutTargets",
                        "events:RemoveTargets", "events:ListTargetsByRule", "events:ListTagsForResource",
                        "events:TagResource", "events:UntagResource", "events:EnableRule", "events:DisableRule")));
                case "aws_cloudwatch_event_bus", "aws_cloudwatch_event_bus_policy" -> {
                    add(grants, grant("EventBuses", List.of(arn("events", "event-bus/" + prefix + "-*")), List.of(
                            "events:CreateEventBus", "events:DescribeEventBus", "events:UpdateEventBus",
                            "events:DeleteEventBus", "events:ListTagsForResource", "events:TagResource",
                            "events:UntagResource")));
                    // A bus's policy is set with PutPermission, which has no resource-level permissions (Service
                    // Authorization Reference): it cannot be limited to this environment's bus.
                    add(grants, grant("EventBusPolicies", List.of("*"),
                            List.of("events:PutPermission", "events:RemovePermission")));
                }
                case "aws_scheduler_schedule" -> add(grants, grant("Schedules",
                        List.of(arn("scheduler", "schedule/default/" + prefix + "-*")), List.of(
                        "scheduler:CreateSchedule", "scheduler:GetSchedule", "scheduler:UpdateSchedule",
                        "scheduler:DeleteSchedule")));
                case "aws_sns_topic", "aws_sns_topic_policy", "aws_sns_topic_subscription" -> add(grants,
                        grant("Topics", List.of(arn("sns", prefix + "-*")), List.of(
                        "sns:CreateTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:DeleteTopic",
                        "sns:ListTagsForResource", "sns:TagResource", "sns:UntagResource", "sns:Subscribe",
                        "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes",
                        "sns:ListSubscriptionsByTopic")));
                case "aws_glue_catalog_database" -> add(grants, grant("CatalogDatabase", List.of(
                        arn("glue", "catalog"), arn("glue", "database/" + glueDatabase()),
                        arn("glue", "table/" + glueDatabase() + "/*"),
                        arn("glue", "userDefinedFunction/" + glueDatabase() + "/*")), List.of(
                        "glue:CreateDatabase", "glue:GetDatabase", "glue:UpdateDatabase", "glue:DeleteDatabase",
                        "glue:GetTags", "glue:TagResource", "glue:UntagResource")));
                case "aws_athena_workgroup" -> add(grants, grant("Workgroup", List.of(
                        arn("athena", "workgroup/" + prefix), arn("athena", "workgroup/" + prefix + "-*")), List.of(
                        "athena:CreateWorkGroup", "athena:GetWorkGroup", "athena:UpdateWorkGroup",
                        "athena:DeleteWorkGroup", "athena:ListTagsForResource", "athena:TagResource",
                        "athena:UntagResource")));
                default -> throw new IllegalStateException("No deploy permissions are known for " + type
                        + ": add what the deploy role may do with it to " + DeployRolePolicy.class.getSimpleName());
            }
        }
        Set<String> passedTo = new TreeSet<>();
        if (types.contains("aws_lambda_function")) {
            passedTo.add("lambda.amazonaws.com");
        }
        if (types.contains("aws_sfn_state_machine")) {
            passedTo.add("states.amazonaws.com");
        }
        if (types.contains("aws_scheduler_schedule")) {
            passedTo.add("scheduler.amazonaws.com");
        }
        stack.path("resource").path("aws_cloudwatch_event_target").forEach(target -> {
            if (target.has("role_arn")) {
                passedTo.add("events.amazonaws.com");
            }
        });
        if (!passedTo.isEmpty()) {
            // Creating a function, state machine, schedule or rule target hands it a role: only the environment's, only
            // to those services.
            ObjectNode condition = IamPolicies.MAPPER.createObjectNode();
            ArrayNode services = condition.putObject("StringEquals").putArray("iam:PassedToService");
            passedTo.forEach(services::add);
            grants.add(new Grant("PassRolesToTheirServices", List.of("iam:PassRole"), iam("role"), condition));
        }
        return render(grants);
    }

    private static void add(List<Grant> grants, Grant grant) {
        if (grants.stream().noneMatch(g -> g.sid().equals(grant.sid()))) {
            grants.add(grant);
        }
    }

    /** The stack's own state object in its S3 backend, and the lock file beside it (use_lockfile). */
    private Grant state() {
        JsonNode backend = stack.path("terraform").path("backend").path("s3");
        if (backend.isMissingNode()) {
            throw new IllegalStateException("the stack has no S3 backend: a deploy role deploys only stacks whose state "
                    + "is in the account's state bucket (the <env>-state bootstrap is a workstation step)");
        }
        String bucket = "arn:aws:s3:::" + backend.path("bucket").asText();
        String key = backend.path("key").asText();
        return new Grant("TerraformState", List.of("s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                List.of(bucket, bucket + "/" + key, bucket + "/" + key + ".tflock"), null);
    }

    private Grant roles() {
        return grant("Roles", iam("role"), List.of(
                "iam:CreateRole", "iam:GetRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy",
                "iam:TagRole", "iam:UntagRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfilesForRole", "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy"));
    }

    /** Exactly the buckets the stack declares. */
    private Grant buckets() {
        List<String> arns = new ArrayList<>();
        stack.path("resource").path("aws_s3_bucket").forEach(b -> arns.add("arn:aws:s3:::" + b.path("bucket").asText()));
        return grant("Buckets", arns, List.of(
                // ListBucketVersions: deleting an object of a versioned bucket deletes all its versions.
                "s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketAcl",
                "s3:GetBucketCORS",
                "s3:GetBucketWebsite", "s3:GetBucketVersioning", "s3:PutBucketVersioning", "s3:GetAccelerateConfiguration",
                "s3:GetBucketRequestPayment", "s3:GetBucketLogging", "s3:PutBucketLogging", "s3:GetLifecycleConfiguration",
                "s3:PutLifecycleConfiguration", "s3:GetReplicationConfiguration", "s3:GetEncryptionConfiguration",
                "s3:PutEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketTagging",
                "s3:PutBucketTagging", "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
                "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetBucketOwnershipControls",
                "s3:PutBucketOwnershipControls"));
    }

    /**
     * Exactly the objects the stack writes (the run's configured sources), in its own buckets; writing one encrypted
     * with the stack's key needs a data key from it (a key the stack created, known by its default tags).
     */
    private List<Grant> objects() {
        List<String> arns = new ArrayList<>();
        stack.path("resource").path("aws_s3_object").forEach(o -> {
            // "${aws_s3_bucket.<id>.bucket}": the bucket the stack declares under that id.
            String id = o.path("bucket").asText().replaceAll("^\\$\\{aws_s3_bucket\\.(.+)\\.bucket}$", "$1");
            String bucket = stack.path("resource").path("aws_s3_bucket").path(id).path("bucket").asText(null);
            if (bucket == null) {
                throw new IllegalStateException("an object in a bucket the stack does not declare: " + o);
            }
            arns.add("arn:aws:s3:::" + bucket + "/" + o.path("key").asText());
        });
        ObjectNode resourceTags = IamPolicies.MAPPER.createObjectNode();
        ObjectNode resource = resourceTags.putObject("StringEquals");
        defaultTags.forEach((k, v) -> resource.put("aws:ResourceTag/" + k, v));
        return List.of(grant("Objects", arns, List.of("s3:PutObject", "s3:GetObject", "s3:GetObjectTagging",
                        "s3:PutObjectTagging", "s3:DeleteObject", "s3:DeleteObjectVersion")),
                new Grant("EncryptObjectsWithTaggedKeys", List.of("kms:GenerateDataKey", "kms:Decrypt"),
                        inEveryRegion("kms", "key/*"), resourceTags));
    }

    /**
     * A key has no name to scope by until its alias exists, so keys are scoped by the provider's default tags: created
     * only with them, managed only while they carry them. Aliases by name.
     */
    private List<Grant> kms() {
        ObjectNode requestTags = IamPolicies.MAPPER.createObjectNode();
        ObjectNode resourceTags = IamPolicies.MAPPER.createObjectNode();
        ObjectNode request = requestTags.putObject("StringEquals");
        ObjectNode resource = resourceTags.putObject("StringEquals");
        defaultTags.forEach((k, v) -> {
            request.put("aws:RequestTag/" + k, v);
            resource.put("aws:ResourceTag/" + k, v);
        });
        if (defaultTags.isEmpty()) {
            throw new IllegalStateException("keys are scoped by the provider's default tags, and the stack has none");
        }
        return List.of(
                new Grant("CreateTaggedKeys", List.of("kms:CreateKey", "kms:TagResource"), List.of("*"), requestTags),
                new Grant("ManageTaggedKeys", List.of("kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy",
                        "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:ListResourceTags", "kms:TagResource",
                        "kms:UntagResource", "kms:UpdateKeyDescription", "kms:ScheduleKeyDeletion", "kms:CreateAlias",
                        "kms:UpdateAlias", "kms:DeleteAlias"), inEveryRegion("kms", "key/*"), resourceTags),
                grant("KeyAliases", inEveryRegion("kms", "alias/" + prefix + "-*"),
                        List.of("kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias")),
                // ListAliases has no resource-level permissions (Service Authorization Reference).
                grant("ListKeyAliases", List.of("*"), List.of("kms:ListAliases")));
    }

    private String glueDatabase() {
        Iterator<JsonNode> databases = stack.path("resource").path("aws_glue_catalog_database").elements();
        return databases.next().path("name").asText();
    }

    private List<String> iam(String kind) {
        return List.of("arn:aws:iam::" + account + ":" + kind + "/" + prefix + "-*");
    }

    private List<String> inEveryRegion(String service, String resource) {
        return regions.stream().map(r -> "arn:aws:" + service + ":" + r + ":" + account + ":" + resource).toList();
    }

    private String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + account + ":" + resource;
    }

    private static Grant grant(String sid, List<String> resources, List<String> actions) {
        return new Grant(sid, actions, resources, null);
    }

    private static ObjectNode render(List<Grant> grants) {
        ObjectNode policy = IamPolicies.MAPPER.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        for (Grant grant : grants) {
            ObjectNode statement = statements.addObject().put("Sid", grant.sid()).put("Effect", "Allow");
            grant.actions().forEach(statement.withArray("Action")::add);
            grant.resources().forEach(statement.withArray("Resource")::add);
            if (grant.condition() != null) {
                statement.set("Condition", grant.condition());
            }
        }
        return policy;
    }
}
