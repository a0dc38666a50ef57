package dev.analysisplatform.cdktf;

import com.hashicorp.cdktf.providers.aws.data_aws_iam_policy_document.DataAwsIamPolicyDocument;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import java.util.List;
import software.constructs.Construct;

/**
 * IAM policies are built as {@code aws_iam_policy_document} data sources, never as hand-written JSON strings:
 * Terraform renders and normalises them, and the statements stay reviewable in code.
 */
public final class Policy {

    private Policy() {
    }

    /** Returns the rendered JSON (a Terraform token) of a policy document with these statements. */
    public static String json(Construct scope, String id, List<Statement> statements) {
        return DataAwsIamPolicyDocument.Builder.create(scope, id)
                .statement(statements.stream().map(Statement::build).toList())
                .build()
                .getJson();
    }

    /**
     * The characters of a policy document with these statements, minified (as {@link #minified} sends it): what
     * quotas on policy size count.
     */
    public static int characters(List<Statement> statements) {
        java.util.Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements.stream().map(Statement::document).toList());
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(document).length();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render the policy", e);
        }
    }

    /** {@link #json}, minified by Terraform (the data source indents it): a size quota counts every character sent. */
    public static String minified(Construct scope, String id, List<Statement> statements) {
        return com.hashicorp.cdktf.Fn.jsonencode(com.hashicorp.cdktf.Fn.jsondecode(json(scope, id, statements)));
    }

    public static String json(Construct scope, String id, Statement... statements) {
        return json(scope, id, List.of(statements));
    }

    /**
     * An inline policy {@code name} on {@code role} with these statements; its document is {@code <id>-document}, so
     * the synthesized resource names stay what they were when each construct wrote this out by hand.
     */
    public static IamRolePolicy inline(Construct scope, String id, String role, String name, Statement... statements) {
        return inline(scope, id, role, name, List.of(statements));
    }

    public static IamRolePolicy inline(Construct scope, String id, String role, String name, List<Statement> statements) {
        return IamRolePolicy.Builder.create(scope, id)
                .role(role)
                .name(name)
                .policy(json(scope, id + "-document", statements))
                .build();
    }

    /** A role only {@code service} may assume, on behalf of {@code accountId}; permissions are added by the caller. */
    public static IamRole serviceRole(Construct scope, String id, String name, String service, String accountId) {
        return IamRole.Builder.create(scope, id)
                .name(name)
                .assumeRolePolicy(serviceTrust(scope, id + "-trust", service, accountId))
                .build();
    }

    /**
     * Services whose documentation tells to put {@code aws:SourceAccount} in a role's trust policy (cross-service
     * confused deputy prevention pages of Step Functions and EventBridge Scheduler), so it is sent when they assume.
     */
    public static final java.util.Set<String> SOURCE_ACCOUNT_DOCUMENTED =
            java.util.Set.of("states.amazonaws.com", "scheduler.amazonaws.com");

    /**
     * Trust policy for an AWS service, limited to calls on behalf of {@code accountId} (confused deputy). For a
     * service that does not document sending {@code aws:SourceAccount} when it assumes a role (Lambda, RDS export)
     * the condition is ...IfExists: "This key is included in the request context only if ..." (IAM User Guide,
     * aws:SourceAccount), and a plain condition on an absent key would deny the service itself.
     */
    public static String serviceTrust(Construct scope, String id, String service, String accountId) {
        return json(scope, id, Statement.allow("TrustedService")
                .actions("sts:AssumeRole")
                .principal("Service", service)
                .condition(SOURCE_ACCOUNT_DOCUMENTED.contains(service) ? "StringEquals" : "StringEqualsIfExists",
                        "aws:SourceAccount", accountId));
    }
}
