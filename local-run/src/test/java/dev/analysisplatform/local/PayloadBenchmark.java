package dev.analysisplatform.local;

import dev.analysisplatform.testing.MemoryRunStore;
import dev.analysisplatform.local.asl.PayloadLimit;
import dev.analysisplatform.local.asl.StateMachineRunner;
import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.asl.Invoker;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.analysisplatform.environment.EnvironmentLoader;
import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.runtime.JsonOutput;
import dev.analysisplatform.export.catalog.CatalogRegistrar;
import dev.analysisplatform.export.catalog.RegisteredExport;
import dev.analysisplatform.infra.ExportWorkflow;
import dev.analysisplatform.cdktf.Directories;
import dev.analysisplatform.testing.MotoServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Payload and registration benchmark (issue "Behave on AWS as in the emulator"), run by bench/payload_benchmark.sh:
 * registers real exports of 1,000 and 5,000 tables against moto with the real registrar (time, AWS calls per table,
 * output size), then runs the synthesized definition in the local interpreter with one source and with 40 sources
 * whose registration returns that 5,000-table output, and prints the largest state payload in bytes.
 */
public final class PayloadBenchmark {

    private static final String BUCKET = "analysis-platform-bench-exports";
    private static final String DATABASE = "analysis_platform_bench";

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {1_000, 5_000};
        try (MotoServer moto = new MotoServer()) {
            moto.start();
            Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentSkipListMap<>();
            ExecutionInterceptor counter = new ExecutionInterceptor() {
                @Override
                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                    calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                            k -> new AtomicInteger()).incrementAndGet();
                }
            };
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
            URI endpoint = URI.create(moto.endpoint());
            try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(credentials).overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
                 GlueClient glue = GlueClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                         .credentialsProvider(credentials).overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                         .build()) {
                s3.createBucket(b -> b.bucket(BUCKET));
                glue.createDatabase(b -> b.databaseInput(d -> d.name(DATABASE)));
                CatalogRegistrar registrar = new CatalogRegistrar(glue, s3, DATABASE);
                String largest = null;
                for (int tables : sizes) {
                    String source = "bench" + tables;
                    // The first export creates every table, the second moves them, the third registration repeats
                    // the second (what the daily run does for an already-exported snapshot).
                    String[][] registrations = {{"new tables", "exp-" + source + "-day1", "2026-11-24T03:10:00Z"},
                        {"new export", "exp-" + source + "-day2", "2026-11-25T03:10:00Z"},
                        {"unchanged", "exp-" + source + "-day2", "2026-11-25T03:10:00Z"}};
                    for (String[] registration : registrations) {
                        writeExport(s3, source, registration[1], tables);
                        calls.clear();
                        long started = System.nanoTime();
                        Map<String, Object> output = registrar.register(new RegisteredExport(source, registration[1],
                                BUCKET, "exports/" + source + "/db", registration[1], Instant.parse(registration[2])),
                                new DecisionLog(quiet()));
                        Duration took = Duration.ofNanos(System.nanoTime() - started);
                        largest = JsonOutput.asString(output);
                        int total = calls.values().stream().mapToInt(AtomicInteger::get).sum();
                        System.out.printf("%,d tables, %s: %.1f s against moto (%d threads), %.2f AWS calls per table "
                                        + "%s, output %,d bytes%n", tables, registration[0], took.toMillis() / 1000.0, 8,
                                total / (double) tables, perTable(calls, tables), largest.length());
                    }
                }
                System.out.printf("largest state payload, 1 source with %,d tables: %,d bytes%n",
                        sizes[sizes.length - 1], largestPayload(1, largest));
                System.out.printf("largest state payload, 40 sources with %,d tables each: %,d bytes (quota %,d)%n",
                        sizes[sizes.length - 1], largestPayload(40, largest), PayloadLimit.MAX_BYTES);
            }
        }
    }

    private static String perTable(Map<String, AtomicInteger> calls, int tables) {
        StringBuilder text = new StringBuilder("(");
        calls.forEach((operation, count) -> text.append(text.length() > 1 ? ", " : "").append(operation).append(' ')
                .append(String.format("%.2f", count.get() / (double) tables)));
        return text.append(')').toString();
    }

    /** RDS's layout for {@code tables} tables: one metadata file, one partition folder with one part file each. */
    private static void writeExport(S3Client s3, String source, String task, int tables) {
        String root = "exports/" + source + "/db/" + task + "/";
        String metadata = IntStream.range(0, tables).mapToObj(i -> "{\"status\":\"COMPLETE\",\"target\":\"db.public.table_"
                        + i + "\",\"schemaMetadata\":{\"originalTypeMappings\":[{\"columnName\":\"id\",\"originalType\":"
                        + "\"bigint\",\"expectedExportedType\":\"int64\"}]}}")
                .collect(Collectors.joining(",", "{\"perTableStatus\":[", "]}"));
        s3.putObject(b -> b.bucket(BUCKET).key(root + "export_tables_info_" + task + "_from_1_to_" + tables + ".json"),
                RequestBody.fromString(metadata));
        IntStream.range(0, tables).parallel().forEach(i -> s3.putObject(b -> b.bucket(BUCKET)
                .key(root + "db/public.table_" + i + "/1/part-00000.gz.parquet"), RequestBody.fromString("PAR1")));
    }

    private static int largestPayload(int sources, String registration) throws Exception {
        Path environments = Files.createTempDirectory("bench-env");
        try {
            ObjectNode file = (ObjectNode) JsonPaths.MAPPER.readTree(Path.of("environments", "local.json").toFile());
            ArrayNode list = file.putArray("sources");
            for (int i = 0; i < sources; i++) {
                list.addObject().put("name", "source_" + i).put("accountId", "222222222222")
                        .put("dbClusterIdentifier", "cluster-" + i);
            }
            Files.writeString(environments.resolve("bench.json"), file.toString());
            var environment = new EnvironmentLoader(environments).load("bench");
            JsonNode definition = ExportScenarios.parse(new ExportWorkflow(environment,
                    new ExportWorkflow.Resources("plan", "start", "status", "register", "summarize", "topic")).toJson());
            MemoryRunStore store = (MemoryRunStore) ExportScenarios.configured(new MemoryRunStore(), environment);
            Map<String, Invoker> functions = ExportScenarios.runFunctions(store);
            functions.put("start", payload -> ExportScenarios.longestExport(ExportScenarios.parse(payload), "COMPLETE"));
            functions.put("register", payload -> registration);
            StateMachineRunner runner = new StateMachineRunner(functions::get, Duration.ZERO);
            runner.run(definition, JsonPaths.MAPPER.createObjectNode());
            return runner.largestPayloadBytes();
        } finally {
            Directories.deleteTree(environments);
        }
    }

    private static LambdaLogger quiet() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
            }

            @Override
            public void log(byte[] message) {
            }
        };
    }
}
