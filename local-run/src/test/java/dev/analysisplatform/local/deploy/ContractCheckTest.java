package dev.analysisplatform.local.deploy;

import dev.analysisplatform.local.asl.JsonPaths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The cross-account contract check on hand-made {@code terraform show -json} documents, one break at a time. */
class ContractCheckTest {

    private static final String EXPORTER_ROLE = "arn:aws:iam::123456789012:role/ap-exporter";
    private static final String READER = "arn:aws:iam::222222222222:role/ap-snapshot-reader";
    private static final String EXPORT_ROLE = "arn:aws:iam::222222222222:role/ap-snapshot-export";

    private static ObjectNode resource(ArrayNode resources, String type) {
        ObjectNode resource = resources.addObject();
        resource.put("type", type);
        return resource.putObject("values");
    }

    private static JsonNode show(ArrayNode resources) {
        ObjectNode show = JsonPaths.MAPPER.createObjectNode();
        show.putObject("values").putObject("root_module").set("resources", resources);
        return show;
    }

    private static DeployedPlatform platform(String variable, String trustedRole, String assumable, String externalId) {
        ArrayNode analytics = JsonPaths.MAPPER.createArrayNode();
        ObjectNode start = resource(analytics, "aws_lambda_function");
        start.put("function_name", "ap-export-start").put("arn", "arn:aws:lambda:us-east-1:123456789012:function:ap-export-start")
                .put("handler", "dev.analysisplatform.export.ExportLatestSnapshotHandler::handleRequest")
                .put("role", EXPORTER_ROLE).put("filename", "assets/x.jar");
        start.putArray("environment").addObject().putObject("variables").put(variable, "value");
        ArrayNode configured = JsonPaths.MAPPER.createArrayNode();
        configured.addObject().put("sourceName", "orders").put("sourceRoleArn", READER).put("exportRoleArn", EXPORT_ROLE)
                .put("externalId", externalId);
        resource(analytics, "aws_s3_object").put("key", "configuration/sources.json").put("content", configured.toString());
        resource(analytics, "aws_sfn_state_machine").put("arn", "arn:aws:states:us-east-1:123456789012:stateMachine:ap")
                .put("definition", "{}");
        resource(analytics, "aws_iam_role_policy").put("role", "ap-exporter")
                .put("policy", "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Resource\":\"" + assumable + "\"}]}");

        ArrayNode sourceAccount = JsonPaths.MAPPER.createArrayNode();
        resource(sourceAccount, "aws_iam_role").put("arn", READER)
                .put("assume_role_policy", "{\"Condition\":{\"ArnEquals\":{\"aws:PrincipalArn\":\"" + trustedRole
                        + "\"},\"StringEquals\":{\"sts:ExternalId\":\"example-id\"}}}");
        resource(sourceAccount, "aws_iam_role").put("arn", EXPORT_ROLE).put("assume_role_policy", "{}");
        return DeployedPlatform.fromShow(Path.of("/tmp"), show(analytics), show(sourceAccount));
    }

    @Test
    void problems_consistentState_none() {
        assertThat(ContractCheck.problems(platform("EXPORT_BUCKET", EXPORTER_ROLE, READER, "example-id"))).isEmpty();
    }

    /** Before: the check read the sources from the definition, where they no longer are, and so checked nothing. */
    @Test
    void problems_noConfiguredSourcesDeployed_reported() {
        DeployedPlatform full = platform("EXPORT_BUCKET", EXPORTER_ROLE, READER, "example-id");
        java.util.List<JsonNode> without = full.analyticsResources.stream()
                .filter(r -> !r.path("type").asText().equals("aws_s3_object")).toList();
        ArrayNode analytics = JsonPaths.MAPPER.createArrayNode();
        without.forEach(analytics::add);
        ArrayNode sourceAccount = JsonPaths.MAPPER.createArrayNode();
        full.sourceResources.forEach(sourceAccount::add);
        assertThat(ContractCheck.problems(DeployedPlatform.fromShow(Path.of("/tmp"), show(analytics), show(sourceAccount))))
                .singleElement().asString().contains("no configured sources");
    }

    @Test
    void problems_variableTheCodeDoesNotRead_reported() {
        assertThat(ContractCheck.problems(platform("EXPORT_BUKET", EXPORTER_ROLE, READER, "example-id")))
                .singleElement().asString().contains("EXPORT_BUKET");
    }

    @Test
    void problems_readerRoleTrustsAnotherRole_reported() {
        assertThat(ContractCheck.problems(platform("EXPORT_BUCKET", "arn:aws:iam::123456789012:role/other", READER,
                "example-id"))).singleElement().asString().contains("does not trust");
    }

    /** The exporter role names the reader role of every account by one pattern (IAM caps its inline policies). */
    @Test
    void problems_exporterMayAssumeReaderByPattern_none() {
        assertThat(ContractCheck.problems(platform("EXPORT_BUCKET", EXPORTER_ROLE, "arn:aws:iam::*:role/ap-snapshot-reader",
                "example-id"))).isEmpty();
        assertThat(ContractCheck.problems(platform("EXPORT_BUCKET", EXPORTER_ROLE, "arn:aws:iam::*:role/ap-snapshot-?eader",
                "example-id"))).isEmpty();
        assertThat(ContractCheck.problems(platform("EXPORT_BUCKET", EXPORTER_ROLE, "arn:aws:iam::*:role/other-*",
                "example-id"))).singleElement().asString().contains("may not assume");
    }

    @Test
    void problems_exporterMayNotAssumeReader_reported() {
        assertThat(ContractCheck.problems(platform("EXPORT_BUCKET", EXPORTER_ROLE, "arn:aws:iam::222222222222:role/x",
                "example-id"))).singleElement().asString().contains("may not assume");
    }

    @Test
    void problems_externalIdMismatch_reported() {
        assertThat(ContractCheck.problems(platform("EXPORT_BUCKET", EXPORTER_ROLE, READER, "other-id")))
                .singleElement().asString().contains("ExternalId");
    }
}
