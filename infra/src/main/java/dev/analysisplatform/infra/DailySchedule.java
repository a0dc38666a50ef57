package dev.analysisplatform.infra;

import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.scheduler_schedule.SchedulerSchedule;
import com.hashicorp.cdktf.providers.aws.scheduler_schedule.SchedulerScheduleFlexibleTimeWindow;
import com.hashicorp.cdktf.providers.aws.scheduler_schedule.SchedulerScheduleTarget;
import com.hashicorp.cdktf.providers.aws.scheduler_schedule.SchedulerScheduleTargetRetryPolicy;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.cdktf.Policy;
import dev.analysisplatform.cdktf.Statement;
import software.constructs.Construct;

/** EventBridge Scheduler starts the state machine daily, in the environment's time zone. */
public final class DailySchedule extends Construct {

    /** Same input as a manual "Start execution" with {@code {}}: every source, no overrides. */
    static final String INPUT = "{}";

    public final SchedulerSchedule schedule;
    public final IamRole role;

    public DailySchedule(Construct scope, String id, EnvironmentDefinition environment, ExportStateMachine machine) {
        super(scope, id);
        String name = environment.names().scheduleName();
        role = Policy.serviceRole(this, "role", name + "-scheduler", "scheduler.amazonaws.com",
                environment.analyticsAccountId());
        Policy.inline(this, "start-execution", role.getId(), "start-export-state-machine",
                Statement.allow("StartExportStateMachine")
                        .actions("states:StartExecution")
                        .resources(machine.stateMachine.getArn()));
        schedule = SchedulerSchedule.Builder.create(this, "schedule")
                .name(name)
                .description("Starts the analysis-platform export every day")
                .scheduleExpression(environment.schedule().expression())
                .scheduleExpressionTimezone(environment.schedule().timeZone())
                .flexibleTimeWindow(SchedulerScheduleFlexibleTimeWindow.builder().mode("OFF").build())
                .target(SchedulerScheduleTarget.builder()
                        .arn(machine.stateMachine.getArn())
                        .roleArn(role.getArn())
                        .input(INPUT)
                        .retryPolicy(SchedulerScheduleTargetRetryPolicy.builder()
                                .maximumRetryAttempts(3).maximumEventAgeInSeconds(3600).build())
                        .build())
                .build();
    }
}
