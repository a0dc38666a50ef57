package dev.analysisplatform.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analysisplatform.export.FunctionEnvironment;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the applied state of both accounts against each other and against the exporter's code: every
 * environment variable a function gets is one the code reads, and every source role the state machine uses
 * exists in the source account, trusts the exporter's role (with the right ExternalId) and is one the
 * exporter's role may assume. A broken link fails the run before anything is invoked.
 */
public final class ContractCheck {

    private ContractCheck() {
    }

    public static List<String> problems(DeployedPlatform platform) {
        List<String> problems = new ArrayList<>();
        for (DeployedPlatform.Function function : platform.functionsByArn.values()) {
            for (String variable : function.environment().keySet()) {
                if (!FunctionEnvironment.ACCEPTED.contains(variable)) {
                    problems.add(function.name() + " sets " + variable + ", which the exporter does not read");
                }
            }
        }
        List<JsonNode> sourceRoles = DeployedPlatform.ofType(platform.sourceResources, "aws_iam_role");
        String exporterRole = platform.functionsByArn.values().stream()
                .filter(f -> f.handler().contains("ExportLatestSnapshotHandler")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no start function deployed")).roleArn();
        String exporterPolicies = DeployedPlatform.ofType(platform.analyticsResources, "aws_iam_role_policy").stream()
                .filter(p -> exporterRole.endsWith("/" + p.path("role").asText()))
                .map(p -> p.path("policy").asText()).reduce("", String::concat);
        if (platform.configuredSources().isEmpty()) {
            problems.add("no configured sources were deployed (" + dev.analysisplatform.contract.RunRecords
                    .CONFIGURED_SOURCES_KEY + " in the export bucket): the planner would fail");
        }
        for (JsonNode source : platform.configuredSources()) {
            String name = source.path("sourceName").asText();
            String readerArn = source.path("sourceRoleArn").asText();
            JsonNode reader = sourceRoles.stream().filter(r -> r.path("arn").asText().equals(readerArn)).findFirst()
                    .orElse(null);
            if (reader == null) {
                problems.add(name + ": role " + readerArn + " does not exist in the source account");
                continue;
            }
            String trust = reader.path("assume_role_policy").asText();
            if (!trust.contains(exporterRole)) {
                problems.add(name + ": " + readerArn + " does not trust the exporter role " + exporterRole);
            }
            JsonNode externalId = source.path("externalId");
            if (!externalId.isNull() && !externalId.isMissingNode() && !trust.contains(externalId.asText())) {
                problems.add(name + ": " + readerArn + " expects another ExternalId than the state machine sends");
            }
            if (!grants(exporterPolicies, readerArn)) {
                problems.add(name + ": the exporter role may not assume " + readerArn);
            }
            String exportRoleArn = source.path("exportRoleArn").asText();
            if (sourceRoles.stream().noneMatch(r -> r.path("arn").asText().equals(exportRoleArn))) {
                problems.add(name + ": export role " + exportRoleArn + " does not exist in the source account");
            }
        }
        return problems;
    }

    /**
     * Whether any ARN the policies name covers {@code arn}, with IAM's wildcards ({@code *} any run, {@code ?} one
     * character): the exporter role names the reader role in every account by one pattern.
     */
    static boolean grants(String policies, String arn) {
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("\"(arn:[^\"]*)\"").matcher(policies);
        while (named.find()) {
            String regex = java.util.regex.Pattern.quote(named.group(1)).replace("*", "\\E.*\\Q")
                    .replace("?", "\\E.\\Q");
            if (arn.matches(regex)) {
                return true;
            }
        }
        return false;
    }
}
