package dev.analysisplatform.infra;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.sfn_state_machine.SfnStateMachine;
import com.hashicorp.cdktf.providers.aws.sfn_state_machine.SfnStateMachineLoggingConfiguration;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.cdktf.Policy;
import dev.analysisplatform.cdktf.Statement;
import software.constructs.Construct;

/** The Step Functions state machine running {@link ExportWorkflow}, with its execution log group. */
public final class ExportStateMachine extends Construct {

    public final SfnStateMachine stateMachine;
    public final IamRole role;
    public final String definition;

    public ExportStateMachine(Construct scope, String id, EnvironmentDefinition environment, ExporterFunctions functions,
                              FailureTopic failures, ExportKey key) {
        super(scope, id);
        String name = environment.names().stateMachineName();
        CloudwatchLogGroup logs = CloudwatchLogGroup.Builder.create(this, "logs")
                .name("/aws/vendedlogs/states/" + name)
                .retentionInDays(environment.logRetentionDays())
                .build();
        role = Policy.serviceRole(this, "role", name + "-state-machine", "states.amazonaws.com",
                environment.analyticsAccountId());
        Policy.inline(this, "permissions", role.getId(), "invoke-exporter-and-log",
                Statement.allow("InvokeExporterFunctions")
                        .actions("lambda:InvokeFunction")
                        .resources(functions.plan.getArn(), functions.start.getArn(), functions.status.getArn(),
                                functions.register.getArn(), functions.summarize.getArn(),
                                functions.plan.getArn() + ":*", functions.start.getArn() + ":*",
                                functions.status.getArn() + ":*", functions.register.getArn() + ":*",
                                functions.summarize.getArn() + ":*"),
                // The Distributed Maps read the plan (ItemReader) and write their results (ResultWriter, which also
                // uploads in parts: "IAM policies for ResultWriter"); each source writes its outcome.
                Statement.allow("ReadAndWriteRunRecords")
                        .actions("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload",
                                "s3:ListMultipartUploadParts")
                        .resources(environment.names().exportBucketArn() + "/" + RunRecords.PREFIX + "/*"),
                Statement.allow("EncryptRunRecords")
                        .actions("kms:Decrypt", "kms:GenerateDataKey")
                        .resources(key.key.getArn()),
                // Each account and each source runs as a child execution of a Distributed Map, which the state
                // machine starts as itself ("IAM policies for using Distributed Map states", Step Functions guide).
                Statement.allow("RunChildExecutions")
                        .actions("states:StartExecution")
                        .resources(environment.names().stateMachineArn()),
                // Both ARN forms: child executions are named execution:<machine>/<label>:<id>, but public policies
                // disagree on the form Step Functions authorizes (AWS CDK's integration snapshot grants
                // <stateMachineArn>:*, AWS's Distributed Map guide execution:<machine>/*). Both name only this
                // machine's executions, so granting both costs nothing and a wrong guess cannot stop a run.
                Statement.allow("TrackChildExecutions")
                        .actions("states:DescribeExecution", "states:StopExecution")
                        .resources(environment.names().childExecutionArnPattern(),
                                environment.names().stateMachineArn() + ":*"),
                Statement.allow("ReportFailures")
                        .actions("sns:Publish")
                        .resources(failures.topic.getArn()),
                // CloudWatch Logs log delivery for Step Functions has no resource-level permissions.
                Statement.allow("DeliverExecutionLogs")
                        .actions("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                                "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                                "logs:DescribeResourcePolicies", "logs:DescribeLogGroups")
                        .resources("*"));
        definition = new ExportWorkflow(environment, new ExportWorkflow.Resources(functions.planLive.getArn(),
                functions.startLive.getArn(), functions.statusLive.getArn(), functions.registerLive.getArn(),
                functions.summarizeLive.getArn(), failures.topic.getArn())).toJson();
        stateMachine = SfnStateMachine.Builder.create(this, "state-machine")
                .name(name)
                .type("STANDARD")
                .roleArn(role.getArn())
                .definition(definition)
                .loggingConfiguration(SfnStateMachineLoggingConfiguration.builder()
                        .logDestination(logs.getArn() + ":*")
                        .includeExecutionData(true)
                        .level("ERROR")
                        .build())
                .build();
    }
}
