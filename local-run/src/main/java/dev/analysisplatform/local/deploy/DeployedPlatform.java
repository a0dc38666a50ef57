package dev.analysisplatform.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Terraform actually applied, read from {@code terraform show -json} of both stacks: the functions
 * (handler, environment, role, artifact), the state machine definition, and the roles and policies on either
 * side of the cross-account hop. Nothing here is repeated by hand from the CDKTF code.
 */
public final class DeployedPlatform {

    /** One deployed Lambda function. */
    public record Function(String name, String arn, String handler, String roleArn, Path artifact,
                    Map<String, String> environment, int timeoutSeconds, int memoryMb, String logFormat, String logGroup) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final Map<String, Function> functionsByArn = new LinkedHashMap<>();
    /** Alias ARN → the function it points to. */
    public final Map<String, Function> aliasArns = new LinkedHashMap<>();
    final String stateMachineArn;
    public final String stateMachineRoleArn;
    public final JsonNode definition;
    final List<JsonNode> analyticsResources;
    final List<JsonNode> sourceResources;

    private DeployedPlatform(Path analyticsDir, JsonNode analytics, JsonNode source) {
        analyticsResources = resources(analytics);
        sourceResources = resources(source);
        JsonNode machine = only(analyticsResources, "aws_sfn_state_machine");
        stateMachineArn = machine.path("arn").asText();
        stateMachineRoleArn = machine.path("role_arn").asText();
        try {
            definition = MAPPER.readTree(machine.path("definition").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode fn : ofType(analyticsResources, "aws_lambda_function")) {
            Map<String, String> variables = new LinkedHashMap<>();
            fn.path("environment").path(0).path("variables").fields()
                    .forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
            JsonNode logging = fn.path("logging_config").path(0);
            functionsByArn.put(fn.path("arn").asText(), new Function(fn.path("function_name").asText(),
                    fn.path("arn").asText(), fn.path("handler").asText(), fn.path("role").asText(),
                    analyticsDir.resolve(fn.path("filename").asText()).normalize(), variables,
                    fn.path("timeout").asInt(), fn.path("memory_size").asInt(),
                    logging.path("log_format").asText("Text"), logging.path("log_group").asText()));
        }
        // The state machine invokes each function's alias (SnapStart resumes published versions only).
        Map<String, Function> byName = new LinkedHashMap<>();
        functionsByArn.values().forEach(f -> byName.put(f.name(), f));
        for (JsonNode alias : ofType(analyticsResources, "aws_lambda_alias")) {
            aliasArns.put(alias.path("arn").asText(), byName.get(alias.path("function_name").asText()));
        }
    }

    /** From the {@code terraform show -json} documents of both stacks. */
    static DeployedPlatform fromShow(Path analyticsDir, JsonNode analytics, JsonNode source) {
        return new DeployedPlatform(analyticsDir, analytics, source);
    }

    /** From the {@code terraform show -json} output of both stacks, taken right after each one's apply. */
    public static DeployedPlatform read(Path analyticsDir, String analyticsShow, String sourceShow) {
        try {
            return new DeployedPlatform(analyticsDir, MAPPER.readTree(analyticsShow), MAPPER.readTree(sourceShow));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read terraform show -json", e);
        }
    }

    Function function(String arn) {
        Function function = functionsByArn.containsKey(arn) ? functionsByArn.get(arn) : aliasArns.get(arn);
        if (function == null) {
            throw new IllegalStateException("the state machine calls " + arn + ", which Terraform did not deploy");
        }
        return function;
    }

    /** The configured sources, as Terraform wrote them for the planner; an empty array when none was deployed. */
    JsonNode configuredSources() {
        for (JsonNode object : ofType(analyticsResources, "aws_s3_object")) {
            if (object.path("key").asText().equals(dev.analysisplatform.contract.RunRecords.CONFIGURED_SOURCES_KEY)) {
                try {
                    return MAPPER.readTree(object.path("content").asText());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("the deployed configured sources are not JSON", e);
                }
            }
        }
        return MAPPER.createArrayNode();
    }

    static List<JsonNode> ofType(List<JsonNode> resources, String type) {
        return resources.stream().filter(r -> r.path("type").asText().equals(type)).map(r -> r.path("values")).toList();
    }

    private static JsonNode only(List<JsonNode> resources, String type) {
        List<JsonNode> found = ofType(resources, type);
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + type + " in the applied state, found " + found.size());
        }
        return found.get(0);
    }

    private static List<JsonNode> resources(JsonNode show) {
        List<JsonNode> result = new ArrayList<>();
        show.path("values").path("root_module").path("resources").forEach(result::add);
        return result;
    }
}
