package dev.analysisplatform.local;

import dev.analysisplatform.local.asl.ExecutionFailed;
import dev.analysisplatform.local.deploy.Terraform;
import dev.analysisplatform.local.deploy.LocalDeployment;
import dev.analysisplatform.local.deploy.DeployedPlatform;
import dev.analysisplatform.local.deploy.Emulator;
import dev.analysisplatform.local.deploy.EmulatorOverrides;
import dev.analysisplatform.local.deploy.ContractCheck;
import dev.analysisplatform.local.deploy.DemoSource;
import dev.analysisplatform.local.lambda.DeployedFunctions;
import dev.analysisplatform.local.lambda.SnsPublisher;
import dev.analysisplatform.local.asl.StateMachineRunner;
import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.asl.Invoker;
import dev.analysisplatform.contract.SourceOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import dev.analysisplatform.contract.RunRecords;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.cdktf.Directories;
import dev.analysisplatform.cdktf.ProjectPaths;
import dev.analysisplatform.testing.MotoServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ./run-local}: the whole pipeline on one machine. Starts the emulator (two accounts), seeds a demo
 * source, synthesizes both CDKTF apps for {@code environments/local.json} and applies them with Terraform,
 * then runs the deployed state machine twice, its functions in the official Lambda runtime interface client, and
 * ends with the README's example queries in Trino ({@link ExampleQueryStep}).
 * Everything it starts is stopped again, also on failure and Ctrl-C.
 */
public final class LocalRun implements AutoCloseable {

    static final String ENVIRONMENT = "local";
    static final String SOURCE_ACCOUNT = "222222222222";
    static final Duration MAX_WAIT = Duration.ofSeconds(1);
    /** Exports in the emulator take this long, so the state machine's wait/status loop runs as in AWS. */
    static final int EXPORT_SECONDS = 2;

    /** What the command line asked for: keep the work directory, list every step, stay up for queries. */
    record Options(boolean keep, boolean verbose, boolean serve) {
        static Options parse(List<String> args) {
            return new Options(args.contains("--keep"), args.contains("--verbose"), args.contains("--serve"));
        }
    }

    private final PrintStream out;
    private final Path root;
    private final Options options;
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** The emulator and the environment of the run, for --serve. */
    private Emulator emulator;
    private EnvironmentDefinition environment;
    private java.time.Instant startedAt = java.time.Instant.now();
    private Path workDir;
    /** Set by the shutdown hook (Ctrl-C, SIGTERM) before it stops everything. */
    private volatile boolean signalled;
    private SnsPublisher publisher;
    /** The embedded-metric-format lines the functions wrote during the run. */
    List<JsonNode> emittedMetrics = List.of();

    /** What one run of the state machine produced. */
    record Execution(String status, JsonNode output, String error, String cause, Duration took,
                     List<StateMachineRunner.Step> steps) {
    }

    LocalRun(PrintStream out, Path root, boolean keep) {
        this(out, root, new Options(keep, false, false));
    }

    LocalRun(PrintStream out, Path root, Options options) {
        this.out = out;
        this.root = root;
        this.options = options;
    }

    public static void main(String[] args) {
        LocalRun run = new LocalRun(System.out, ProjectPaths.root(), Options.parse(List.of(args)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            run.signalled = true;
            run.close();
        }, "local-run-cleanup"));
        int status;
        try {
            List<Execution> executions = run.run(2);
            status = executions.stream().allMatch(e -> e.status().equals("SUCCEEDED")) ? 0 : 1;
            if (run.options.serve()) {
                run.serve();
            }
        } catch (Prerequisites.Missing e) {
            System.err.println("run-local: " + e.getMessage());
            status = 2;
        } catch (RuntimeException | IOException | InterruptedException e) {
            // After Ctrl-C the step that was running fails as its processes stop: that is not the run's failure.
            System.err.println(run.signalled ? "run-local: interrupted" : "run-local failed: " + e.getMessage());
            status = 1;
        } finally {
            run.close();
        }
        System.exit(status);
    }

    List<Execution> run(int executions) throws IOException, InterruptedException {
        setUp();
        for (int i = 1; i <= executions; i++) {
            execute(JsonPaths.MAPPER.createObjectNode());
        }
        report();
        return List.copyOf(executed);
    }

    /** What {@link #setUp} deployed and started, for the executions that follow; and what they did. */
    private DeployedPlatform platform;
    private Map<String, Invoker> functions;
    private ExampleQueryStep queries;
    private final List<Execution> executed = new ArrayList<>();

    /** The emulator the run started (after {@link #setUp}). */
    Emulator emulator() {
        return emulator;
    }

    /** The environment the run deployed (after {@link #setUp}). */
    EnvironmentDefinition environment() {
        return environment;
    }

    /**
     * One execution with {@code input} (a manual "Start execution", the schedule's {@code {}}, or what a snapshot
     * event's rule sends), printed as the run prints every execution.
     */
    Execution execute(JsonNode input) {
        Execution execution = run(input);
        executed.add(execution);
        ExecutionReport.print(out, executed.size(), input, execution, environment.names().stateMachineName(),
                environment.exportBucketName(), publisher == null ? 0 : publisher.messages.size(), options.verbose());
        return execution;
    }

    /** Everything before the executions: emulator, demo source, both apps deployed, functions started. */
    void setUp() throws IOException, InterruptedException {
        Prerequisites.check(root);
        long started = System.nanoTime();
        startedAt = java.time.Instant.now();
        workDir = Files.createTempDirectory("analysis-platform-local");
        EnvironmentDefinition environment = new EnvironmentLoader(root.resolve("environments")).load(ENVIRONMENT);
        out.println("analysis-platform local run: environments/" + ENVIRONMENT + ".json, analytics account "
                + environment.analyticsAccountId() + ", source account " + SOURCE_ACCOUNT);

        Emulator emulator = step("start the AWS emulator (moto)", () -> startEmulator(environment));
        this.emulator = emulator;
        this.environment = environment;
        queries = track(ExampleQueryStep.start(emulator, environment.names().glueDatabaseName()));
        List<String> seeded = step("seed the demo source (Aurora cluster + RDS instance, manual snapshots)",
                () -> DemoSource.seed(emulator, SOURCE_ACCOUNT));
        LocalDeployment deployment = step("synthesize both CDKTF apps (4 stacks)", () -> LocalDeployment.synthesize(
                environment, ProjectPaths.artifactsIn(root), workDir.resolve("cdktf.out")));
        platform = deploy(deployment, emulator);
        DeployedPlatform deployed = platform;
        functions = step("start " + platform.functionsByArn.size()
                + " functions in the Lambda runtime interface client", () -> startFunctions(deployed, emulator));
        out.printf("  setup took %.1f s; expecting snapshots %s to be exported%n%n",
                (System.nanoTime() - started) / 1e9, seeded);
    }

    /** Both accounts' state buckets, then both stacks (no deploy order between the accounts), then the check. */
    private DeployedPlatform deploy(LocalDeployment deployment, Emulator emulator) throws IOException, InterruptedException {
        Path cliConfig = Terraform.cliConfig(root);
        String analyticsStack = deployment.analytics();
        String sourceStack = deployment.source(SOURCE_ACCOUNT);
        Terraform analytics = track(new Terraform(deployment.stack(analyticsStack), cliConfig));
        Terraform source = track(new Terraform(deployment.stack(sourceStack), cliConfig));
        List<String> shown = step("terraform apply: state buckets, then analytics and source stacks (and show)", () -> {
            for (String stack : List.of(analyticsStack, sourceStack)) {
                String deployer = stack.equals(sourceStack) ? emulator.deployerRoleArn(SOURCE_ACCOUNT) : null;
                EmulatorOverrides.write(deployment.stack(stack), emulator, deployer);
                EmulatorOverrides.write(deployment.stack(LocalDeployment.bootstrap(stack)), emulator, deployer);
            }
            inParallel(false, track(new Terraform(deployment.stack(LocalDeployment.bootstrap(analyticsStack)), cliConfig)),
                    track(new Terraform(deployment.stack(LocalDeployment.bootstrap(sourceStack)), cliConfig)));
            // No deploy order between the accounts: both at once; each shows its state as soon as it is applied.
            return inParallel(true, analytics, source);
        });
        return step("check the cross-account contract in the applied Terraform state", () -> {
            DeployedPlatform deployed = DeployedPlatform.read(analytics.directory(), shown.get(0), shown.get(1));
            List<String> problems = ContractCheck.problems(deployed);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the deployed stacks do not fit together:\n  - "
                        + String.join("\n  - ", problems));
            }
            return deployed;
        });
    }

    /** The README's example queries, when something was registered, and the HTML report. */
    private void report() throws IOException, InterruptedException {
        List<Execution> results = executed;
        boolean registered = results.stream().filter(e -> e.output() != null)
                .flatMap(e -> e.output().findValuesAsText(SourceOutcome.GLUE_DATABASE).stream())
                .anyMatch(database -> !database.isEmpty());
        List<String> queryResults = registered ? queries.run(out) : List.of();
        emittedMetrics = RunReport.emittedMetrics(workDir);
        Path report = workDir.resolveSibling(workDir.getFileName() + "-report.html");
        RunReport.write(report, new RunReport.Run(startedAt, environment.name(), environment.names().stateMachineName(),
                environment.exportBucketName()), results, emittedMetrics, queryResults);
        out.println("Report (per-source summary, step timings, emitted metrics): " + report);
    }

    /**
     * {@code --serve}: the emulator (and everything deployed in it) stays up until Ctrl-C, for the AWS CLI, SDKs and
     * SQL; prints how to reach it. Ctrl-C then stops everything, as always.
     */
    void serve() throws InterruptedException {
        String database = environment.names().glueDatabaseName();
        String java25 = System.getProperty("analysisplatform.query.java");
        String classpath = System.getProperty("analysisplatform.query.classpath");
        out.println("Serving the emulator until Ctrl-C. In another shell:");
        out.println("  export AWS_ENDPOINT_URL=" + emulator.endpoint() + " AWS_REGION=" + emulator.region()
                + " AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing");
        out.println("  aws glue get-tables --database-name " + database + " --query 'TableList[].Name'");
        out.println("  aws s3 ls --recursive s3://" + environment.exportBucketName() + "/");
        if (java25 != null && classpath != null) {
            out.println("  SQL, in Trino on the emulator's catalog (Athena engine v3's engine):");
            out.println("  " + java25 + " -cp \"$(cat " + classpath + ")\" dev.analysisplatform.query.ExampleQueries "
                    + emulator.endpoint() + " " + emulator.region() + " " + database + " --sql \"SHOW TABLES\"");
        }
        out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
    }

    /** Closed (stopped) before the emulator and the work directory go, e.g. when Ctrl-C lands mid-apply. */
    private synchronized <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private Emulator startEmulator(EnvironmentDefinition environment) throws IOException, InterruptedException {
        String external = System.getenv("AWS_ENDPOINT_URL");
        if (external != null && !external.isBlank()) {
            out.println("  using the emulator at AWS_ENDPOINT_URL=" + external + " (it must be a fresh moto)");
            return new Emulator(external, MotoServer.ANALYTICS_ACCOUNT, environment.region());
        }
        MotoServer moto = new MotoServer(Map.of("MOTO_RDS_EXPORT_SECONDS", String.valueOf(EXPORT_SECONDS)));
        resources.add(moto);
        moto.start();
        return new Emulator(moto.endpoint(), MotoServer.ANALYTICS_ACCOUNT, environment.region());
    }

    private Map<String, Invoker> startFunctions(DeployedPlatform platform, Emulator emulator) throws IOException {
        DeployedFunctions functions = DeployedFunctions.start(platform, emulator, root.resolve("local-run/target/ric"),
                workDir);
        resources.add(functions);
        publisher = functions.publisher;
        return functions.byResource;
    }

    private Execution run(JsonNode input) {
        StateMachineRunner runner = new StateMachineRunner(functions::get, MAX_WAIT);
        long started = System.nanoTime();
        try {
            runner.run(platform.definition, input);
            return new Execution("SUCCEEDED", outcomes(runner), null, null, Duration.ofNanos(System.nanoTime() - started),
                    List.copyOf(runner.steps));
        } catch (ExecutionFailed failed) {
            // The cause names only the first failed sources; every outcome is in the run's report.
            return new Execution("FAILED", outcomes(runner), failed.error, failed.cause,
                    Duration.ofNanos(System.nanoTime() - started), List.copyOf(runner.steps));
        }
    }

    /** Every source's outcome, from the run's report in the emulator's S3; null when the run ended before writing it. */
    private JsonNode outcomes(StateMachineRunner runner) {
        String key = RunRecords.summaryKey(runner.history.executions().get(0).name);
        try {
            String report = functions.get("arn:" + environment.partition() + ":states:::s3:getObject").invoke(
                    JsonPaths.MAPPER.createObjectNode().put("Bucket", environment.exportBucketName()).put("Key", key)
                            .toString());
            return JsonPaths.MAPPER.readTree(report).get(RunRecords.OUTCOMES);
        } catch (dev.analysisplatform.local.asl.FunctionError missing) {
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Init and apply each stack, all at once; with {@code show}, each one's {@code terraform show -json}, in order. */
    private static List<String> inParallel(boolean show, Terraform... stacks) {
        List<CompletableFuture<String>> applies = new ArrayList<>();
        for (Terraform terraform : stacks) {
            applies.add(CompletableFuture.supplyAsync(() -> {
                terraform.run("init", "-input=false", "-reconfigure");
                terraform.run("apply", "-input=false", "-auto-approve");
                return show ? terraform.run("show", "-json") : "";
            }));
        }
        try {
            return applies.stream().map(CompletableFuture::join).toList();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** A timed setup step. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException, InterruptedException;
    }

    private <T> T step(String description, Work<T> work) throws IOException, InterruptedException {
        long started = System.nanoTime();
        T result = work.run();
        out.printf("  [%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, description);
        return result;
    }

    @Override
    public synchronized void close() {
        List<ProcessHandle> started = StartedProcesses.snapshot();
        // Named while they run: after the resources below stop them, a process no longer tells its command.
        String running = StartedProcesses.describe(started);
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
        resources.clear();
        // What is still running (after a normal end, CDKTF's jsii runtime: node, as long-lived as this JVM) goes too.
        StartedProcesses.stop(started);
        if (signalled && !started.isEmpty()) {
            // Ctrl-C or SIGTERM (the shutdown hook): say what was running and is now stopped.
            System.err.println("run-local: stopped " + running);
        }
        if (workDir != null && !options.keep()) {
            try {
                Directories.deleteTree(workDir);
            } catch (java.io.UncheckedIOException e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        } else if (workDir != null) {
            out.println("kept " + workDir + " (terraform state and logs, function logs)");
        }
        // Closed twice on a normal exit (the run, then the shutdown hook): the second time finds nothing to do.
        workDir = null;
    }
}
