package dev.analysisplatform.infra;

import dev.analysisplatform.contract.FunctionContract;
import dev.analysisplatform.contract.RunRecords;
import com.hashicorp.cdktf.AssetType;
import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.TerraformAsset;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.lambda_alias.LambdaAlias;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionSnapStart;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionEnvironment;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.contract.PlatformNames;
import dev.analysisplatform.cdktf.Policy;
import dev.analysisplatform.cdktf.ProjectPaths;
import dev.analysisplatform.cdktf.Statement;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * The five Lambda functions: from {@code lambda/target/snapshot-exporter.jar} start (exports a snapshot through the
 * source account's reader role) and status; from {@code lambda/target/catalog-registrar.jar} plan (which sources,
 * which overrides, written as the run's plan), register (Glue tables for a complete export) and summarize (the run's
 * report from every source's outcome). Start and status share the exporter role, which may assume only the
 * environment's reader roles; plan and summarize share the planner role, which may use only the
 * bucket's run records.
 */
public final class ExporterFunctions extends Construct {

    // The contract with lambda/ (its tests and infra's contract test keep both sides honest).
    public static final String PLAN_HANDLER = FunctionContract.PLAN_HANDLER;
    public static final String START_HANDLER = FunctionContract.START_HANDLER;
    public static final String STATUS_HANDLER = FunctionContract.STATUS_HANDLER;
    public static final String REGISTER_HANDLER = FunctionContract.REGISTER_HANDLER;
    public static final String SUMMARIZE_HANDLER = FunctionContract.SUMMARIZE_HANDLER;
    /**
     * Glue calls of the registration step: read and write tables and partitions, nothing else. DeleteTable removes
     * a table whose last export the lifecycle rule deleted (never another source's: tables record their owner).
     * GlueActionsContractTest checks this list against every Glue call lambda/'s GlueTables makes.
     */
    static final List<String> GLUE_ACTIONS = List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables",
            "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable", "glue:GetPartitions",
            "glue:BatchCreatePartition", "glue:BatchUpdatePartition", "glue:BatchDeletePartition",
            "glue:UpdatePartition");

    static final String RUNTIME = "java21";
    /** Graviton: cheaper per GB-second, and the exporter is pure Java. */
    static final String ARCHITECTURE = "arm64";
    /** The alias the state machine invokes. */
    static final String LIVE_ALIAS = "live";
    /** The SDK's cold start needs the CPU share that comes with memory; 512 MB keeps init near 2 s. */
    static final int MEMORY_MB = 512;
    /**
     * Seconds in practice. Each SDK call ends within SdkDefaults.API_CALL_TIMEOUT (25 s, retries included), so a
     * timeout leaves room for the calls in sequence to fail as the function's own named, retryable error: start
     * assumes the role, lists snapshots, looks up and starts a task (4+ calls); status assumes and describes (2).
     */
    static final int START_TIMEOUT_SECONDS = 120;
    static final int STATUS_TIMEOUT_SECONDS = 60;
    /** The planner reads one object and writes one per source account and region; the summary reads one per source. */
    static final int PLAN_TIMEOUT_SECONDS = 120;
    static final int SUMMARIZE_TIMEOUT_SECONDS = 300;
    /**
     * Registration makes 10 Glue and S3 calls per table, 8 tables at a time. Measured against the emulator
     * (bench/payload_benchmark.sh): 1,000 tables in 31 s, 5,000 in 246 s (at 11 calls), about 25 ms per call, which
     * is Glue's order of latency too. Lambda's maximum, 900 s, covers about 15,000 tables; a re-run skips finished
     * ones fast.
     */
    static final int REGISTER_TIMEOUT_SECONDS = 900;

    public final IamRole exporterRole;
    public final IamRole plannerRole;
    public final IamRole registrarRole;
    public final LambdaFunction plan;
    public final LambdaFunction start;
    public final LambdaFunction status;
    public final LambdaFunction register;
    public final LambdaFunction summarize;
    /** What the state machine invokes: each function's {@value #LIVE_ALIAS} alias, on its newest published version. */
    public final LambdaAlias planLive;
    public final LambdaAlias startLive;
    public final LambdaAlias statusLive;
    public final LambdaAlias registerLive;
    public final LambdaAlias summarizeLive;

    public ExporterFunctions(Construct scope, String id, EnvironmentDefinition environment, List<ExportRegion> regions,
                             ProjectPaths.FunctionArtifacts artifacts) {
        // The planner and the summary keep the run's records in S3, so they ship in the registrar's jar (glue + s3).
        super(scope, id);
        PlatformNames names = environment.names();
        TerraformAsset jar = asset("artifact", artifacts.exporter());
        TerraformAsset registrarJar = asset("registrar-artifact", artifacts.registrar());

        exporterRole = role("exporter-role", names.exporterRoleName(), environment);
        plannerRole = role("planner-role", names.plannerRoleName(), environment);
        registrarRole = role("registrar-role", names.registrarRoleName(), environment);

        ExportKey key = regions.get(0).key();
        Map<String, String> exporterEnvironment = new LinkedHashMap<>();
        exporterEnvironment.put(FunctionContract.ENV_EXPORT_BUCKET, regions.get(0).bucket().bucket.getBucket());
        exporterEnvironment.put(FunctionContract.ENV_EXPORT_KMS_KEY_ARN, key.key.getArn());
        if (regions.size() > 1) {
            exporterEnvironment.put(FunctionContract.ENV_EXPORT_DESTINATIONS, otherRegions(regions));
        }
        exporterEnvironment.put(FunctionContract.ENV_EXPORT_PREFIX, environment.exportPrefix());
        exporterEnvironment.put(FunctionContract.ENV_EXPORT_PRICE_PER_GB, environment.exportPricePerGb());

        plan = function("plan", names.planFunctionName(), PLAN_HANDLER, PLAN_TIMEOUT_SECONDS, plannerRole,
                Map.of(), registrarJar, environment);
        summarize = function("summarize", names.summarizeFunctionName(), SUMMARIZE_HANDLER, SUMMARIZE_TIMEOUT_SECONDS,
                plannerRole, Map.of(), registrarJar, environment);
        start = function("start", names.startFunctionName(), START_HANDLER, START_TIMEOUT_SECONDS, exporterRole,
                exporterEnvironment, jar, environment);
        status = function("status", names.statusFunctionName(), STATUS_HANDLER, STATUS_TIMEOUT_SECONDS,
                exporterRole, exporterEnvironment, jar, environment);

        register = function("register", names.registerFunctionName(), REGISTER_HANDLER, REGISTER_TIMEOUT_SECONDS,
                registrarRole, Map.of(FunctionContract.ENV_GLUE_DATABASE, names.glueDatabaseName()),
                registrarJar, environment);
        planLive = live("plan", plan);
        startLive = live("start", start);
        statusLive = live("status", status);
        registerLive = live("register", register);
        summarizeLive = live("summarize", summarize);
        String bucketArn = names.exportBucketArn();
        List<String> exportBuckets = environment.exportRegions().stream().map(names::exportBucketArn).toList();
        Policy.inline(this, "registrar-catalog", registrarRole.getId(), "register-exports-in-glue",
                Statement.allow("WriteExportTables")
                        .actions(GLUE_ACTIONS)
                        .resources(ExportCatalog.resourceArns(environment)),
                Statement.allow("ListExports")
                        .actions("s3:ListBucket")
                        .resources(exportBuckets)
                        .condition("StringLike", "s3:prefix", environment.exportPrefix() + "/*"),
                Statement.allow("ReadExportMetadata")
                        .actions("s3:GetObject")
                        .resources(exportBuckets.stream()
                                .map(b -> b + "/" + environment.exportPrefix() + "/*/export_tables_info_*").toList()),
                Statement.allow("DecryptExportMetadata")
                        .actions("kms:Decrypt")
                        .resources(regions.stream().map(r -> r.key().key.getArn()).toList()));

        String runs = bucketArn + "/" + RunRecords.PREFIX + "/*";
        Policy.inline(this, "planner-run-records", plannerRole.getId(), "keep-run-records",
                Statement.allow("ReadAndWriteRunRecords")
                        .actions("s3:GetObject", "s3:PutObject")
                        .resources(runs),
                Statement.allow("ReadConfiguredSources")
                        .actions("s3:GetObject")
                        .resources(bucketArn + "/" + RunRecords.CONFIGURED_SOURCES_KEY),
                Statement.allow("ListRunRecords")
                        .actions("s3:ListBucket")
                        .resources(bucketArn)
                        .condition("StringLike", "s3:prefix", RunRecords.PREFIX + "/*"),
                Statement.allow("EncryptRunRecords")
                        .actions("kms:Decrypt", "kms:GenerateDataKey")
                        .resources(key.key.getArn()));

        // The reader role of this environment in any account, by name: IAM caps a role's inline policies at 10,240
        // characters together, which one ARN per source account outgrew at about 150 accounts. Which accounts it
        // reaches is the trust side's decision: a reader role trusts only this exporter role (SnapshotReaderRole), and
        // the bucket policy admits only the configured accounts' exports.
        Policy.inline(this, "exporter-assume-sources", exporterRole.getId(), "assume-source-reader-roles",
                Statement.allow("AssumeSourceReaderRoles")
                        .actions("sts:AssumeRole")
                        .resources(names.anyAccountsReaderRoleArn()));
    }

    /**
     * {@code {"<region>": {"bucket": ..., "kmsKeyArn": ...}}} for every source region but the analytics region's (whose
     * are EXPORT_BUCKET and EXPORT_KMS_KEY_ARN): one Terraform {@code jsonencode}, as the key ARNs are known at apply.
     */
    private static String otherRegions(List<ExportRegion> regions) {
        Map<String, Object> destinations = new LinkedHashMap<>();
        for (ExportRegion region : regions.subList(1, regions.size())) {
            destinations.put(region.region(), Map.of(FunctionContract.DESTINATION_BUCKET, region.bucket().bucket.getBucket(),
                    FunctionContract.DESTINATION_KMS_KEY_ARN, region.key().key.getArn()));
        }
        return Fn.jsonencode(destinations);
    }

    /**
     * SnapStart resumes published versions only, from a snapshot taken after init and the functions' priming
     * (runtime.SnapStartPriming); the alias follows each deploy's new version, and the state machine calls the alias.
     */
    private LambdaAlias live(String id, LambdaFunction function) {
        return LambdaAlias.Builder.create(this, id + "-live")
                .name(LIVE_ALIAS)
                .description("The version the state machine invokes; moved by every deploy")
                .functionName(function.getFunctionName())
                .functionVersion(function.getVersion())
                .build();
    }

    private TerraformAsset asset(String id, Path artifact) {
        return TerraformAsset.Builder.create(this, id)
                .path(artifact.toAbsolutePath().toString())
                .type(AssetType.FILE)
                .build();
    }

    private IamRole role(String id, String name, EnvironmentDefinition environment) {
        return Policy.serviceRole(this, id, name, "lambda.amazonaws.com", environment.analyticsAccountId());
    }

    private LambdaFunction function(String id, String name, String handler, int timeout, IamRole role,
                                    Map<String, String> variables, TerraformAsset jar, EnvironmentDefinition environment) {
        CloudwatchLogGroup logs = CloudwatchLogGroup.Builder.create(this, id + "-logs")
                .name("/aws/lambda/" + name)
                .retentionInDays(environment.logRetentionDays())
                .build();
        Policy.inline(this, id + "-logging", role.getId(), "write-logs-" + id,
                Statement.allow("WriteOwnLogs")
                        .actions("logs:CreateLogStream", "logs:PutLogEvents")
                        .resources(logs.getArn() + ":*"));
        LambdaFunction function = LambdaFunction.Builder.create(this, id)
                .functionName(name)
                .description("analysis-platform " + environment.name() + ": " + handler)
                .role(role.getArn())
                .runtime(RUNTIME)
                .architectures(List.of(ARCHITECTURE))
                .handler(handler)
                .filename(jar.getPath())
                .sourceCodeHash(jar.getAssetHash())
                .memorySize(MEMORY_MB)
                .timeout(timeout)
                .publish(true)
                .snapStart(LambdaFunctionSnapStart.builder().applyOn("PublishedVersions").build())
                .dependsOn(List.of(logs))
                .build();
        // logging_config arrived in the AWS provider after the 5.23.1 these bindings were generated from (hence >= 5.32.0).
        function.addOverride("logging_config", Map.of(
                "log_format", "JSON",
                "log_group", logs.getName(),
                "application_log_level", "INFO",
                "system_log_level", "WARN"));
        if (!variables.isEmpty()) {
            // An empty environment block reads back as absent and would show as a change on every plan.
            function.putEnvironment(LambdaFunctionEnvironment.builder().variables(variables).build());
        }
        return function;
    }
}
