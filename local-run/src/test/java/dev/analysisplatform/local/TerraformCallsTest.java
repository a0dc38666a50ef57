package dev.analysisplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analysisplatform.local.TerraformCalls.Call;
import org.junit.jupiter.api.Test;

/** Reading the AWS requests out of Terraform's debug log, in both of its formats and across its 64 KiB pieces. */
class TerraformCallsTest {

    private static final String PREFIX = "2026-12-05T20:15:10.979Z [DEBUG] provider.terraform-provider-aws_v5.100.0_x5: ";

    @Test
    void readsKeyValueEntries_spanningLines_withQuotedServiceNames() {
        String log = PREFIX + "HTTP Request Sent: rpc.method=CreateLogGroup tf_resource_type=aws_cloudwatch_log_group\n"
                + "  | {\"logGroupName\": \"x\"}\n"
                + "  rpc.service=\"CloudWatch Logs\" http.url=https://logs.eu-west-1.amazonaws.com/\n"
                + PREFIX + "HTTP Request Sent: rpc.service=S3 rpc.method=HeadObject http.url=http://127.0.0.1:5000/state/a.tfstate?x-id=HeadObject\n";

        assertThat(TerraformCalls.in(log)).containsExactly(
                new Call("logs:CreateLogGroup", "aws_cloudwatch_log_group", ""),
                new Call("s3:GetObject", "", "http://127.0.0.1:5000/state/a.tfstate"));
    }

    @Test
    void joinsAJsonEntryThatTerraformCutIntoPieces() {
        String body = "A".repeat(70_000);
        String entry = "{\"@message\":\"HTTP Request Sent\",\"http.request.body\":\"" + body
                + "\",\"rpc.method\":\"CreateFunction\",\"rpc.service\":\"Lambda\",\"tf_resource_type\":\"aws_lambda_function\"}";
        String first = entry.substring(0, 65_535);
        String log = PREFIX + first + "\n" + PREFIX + entry.substring(65_535) + "\n";

        assertThat(TerraformCalls.in(log)).containsExactly(new Call("lambda:CreateFunction", "aws_lambda_function", ""));
    }

    @Test
    void aServiceTheDeployRoleIsNotMeantToUseIsNamed() {
        assertThatThrownBy(() -> TerraformCalls.in(PREFIX + "HTTP Request Sent: rpc.service=EC2 rpc.method=RunInstances\n"))
                .hasMessageContaining("EC2 RunInstances");
    }
}
