package dev.analysisplatform.cdktf;

import com.hashicorp.cdktf.providers.aws.data_aws_iam_policy_document.DataAwsIamPolicyDocumentStatement;
import com.hashicorp.cdktf.providers.aws.data_aws_iam_policy_document.DataAwsIamPolicyDocumentStatementCondition;
import com.hashicorp.cdktf.providers.aws.data_aws_iam_policy_document.DataAwsIamPolicyDocumentStatementPrincipals;
import java.util.ArrayList;
import java.util.List;

/** A readable builder for one IAM policy statement; {@link Policy} turns statements into a document. */
public final class Statement {

    private final String sid;
    private final String effect;
    private final List<String> actions = new ArrayList<>();
    private final List<String> resources = new ArrayList<>();
    private final List<DataAwsIamPolicyDocumentStatementPrincipals> principals = new ArrayList<>();
    private final List<DataAwsIamPolicyDocumentStatementCondition> conditions = new ArrayList<>();

    private Statement(String sid, String effect) {
        this.sid = sid;
        this.effect = effect;
    }

    public static Statement allow(String sid) {
        return new Statement(sid, "Allow");
    }

    public static Statement deny(String sid) {
        return new Statement(sid, "Deny");
    }

    public Statement actions(String... values) {
        actions.addAll(List.of(values));
        return this;
    }

    public Statement actions(List<String> values) {
        actions.addAll(values);
        return this;
    }

    public Statement resources(String... values) {
        resources.addAll(List.of(values));
        return this;
    }

    public Statement resources(List<String> values) {
        resources.addAll(values);
        return this;
    }

    public Statement principal(String type, String... identifiers) {
        return principal(type, List.of(identifiers));
    }

    public Statement principal(String type, List<String> identifiers) {
        principals.add(DataAwsIamPolicyDocumentStatementPrincipals.builder().type(type).identifiers(identifiers).build());
        return this;
    }

    public Statement condition(String test, String variable, String... values) {
        return condition(test, variable, List.of(values));
    }

    public Statement condition(String test, String variable, List<String> values) {
        conditions.add(DataAwsIamPolicyDocumentStatementCondition.builder().test(test).variable(variable).values(values).build());
        return this;
    }

    /** The statement as IAM's JSON has it (Sid, Effect, Principal, Action, Resource, Condition), for measuring. */
    java.util.Map<String, Object> document() {
        java.util.Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("Sid", sid);
        document.put("Effect", effect);
        if (!principals.isEmpty()) {
            java.util.Map<String, Object> principal = new java.util.LinkedHashMap<>();
            principals.forEach(p -> principal.put(p.getType(), p.getIdentifiers()));
            document.put("Principal", principal);
        }
        document.put("Action", actions);
        if (!resources.isEmpty()) {
            document.put("Resource", resources);
        }
        if (!conditions.isEmpty()) {
            java.util.Map<String, java.util.Map<String, Object>> condition = new java.util.LinkedHashMap<>();
            conditions.forEach(c -> condition.computeIfAbsent(c.getTest(), t -> new java.util.LinkedHashMap<>())
                    .put(c.getVariable(), c.getValues()));
            document.put("Condition", condition);
        }
        return document;
    }

    DataAwsIamPolicyDocumentStatement build() {
        var builder = DataAwsIamPolicyDocumentStatement.builder().sid(sid).effect(effect).actions(List.copyOf(actions));
        if (!resources.isEmpty()) {
            builder.resources(List.copyOf(resources));
        }
        if (!principals.isEmpty()) {
            builder.principals(List.copyOf(principals));
        }
        if (!conditions.isEmpty()) {
            builder.condition(List.copyOf(conditions));
        }
        return builder.build();
    }
}
