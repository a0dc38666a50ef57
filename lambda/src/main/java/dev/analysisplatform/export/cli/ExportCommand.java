package dev.analysisplatform.export.cli;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.analysisplatform.export.AssumeRoleSourceClients;
import dev.analysisplatform.export.runtime.DecisionLog;
import dev.analysisplatform.export.ExportRequestParser;
import dev.analysisplatform.export.ExportResult;
import dev.analysisplatform.export.ExportStatusChecker;
import dev.analysisplatform.export.ExporterSettings;
import dev.analysisplatform.export.runtime.JsonInput;
import dev.analysisplatform.export.SnapshotExporter;
import dev.analysisplatform.export.errors.ExporterException;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import dev.analysisplatform.export.errors.InvalidInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * {@code java -jar snapshot-exporter.jar …}: the Lambda's logic from a terminal, with the caller's own
 * credentials (or a role to assume). Flags stand in for the function's environment and input fields, then
 * the exact same classes run.
 */
public final class ExportCommand {

    static final String USAGE = """
            Usage: java -jar snapshot-exporter.jar [options]

            Exports the newest available snapshot of an Aurora cluster or RDS instance to S3 (Parquet),
            exactly once per snapshot and destination. Uses the AWS credentials and region of the shell
            (AWS_PROFILE, AWS_REGION, ...); with --source-role-arn it assumes that role first. The region
            is --region, else AWS_REGION / AWS_DEFAULT_REGION / the profile's, else the --kms-key-arn's
            (RDS exports within one region, so the key's region is the export's).

            Destination (flag or environment variable):
              --bucket NAME                EXPORT_BUCKET        export bucket (required)
              --kms-key-arn ARN            EXPORT_KMS_KEY_ARN   KMS key for the export (required)
              --prefix PREFIX              EXPORT_PREFIX        key prefix (default: exports)
            Source (flag, or the environment variable in brackets as default):
              --db-cluster-identifier ID   [DB_CLUSTER_IDENTIFIER]  Aurora cluster, or
              --db-instance-identifier ID  [DB_INSTANCE_IDENTIFIER] RDS instance
              --export-role-arn ARN        [EXPORT_ROLE_ARN]    role RDS uses to write to S3 (required)
              --source-name NAME           [SOURCE_NAME]        folder name (default: source account id)
              --source-role-arn ARN        [SOURCE_ROLE_ARN]    role to assume in the source account
              --external-id ID             [SOURCE_EXTERNAL_ID] ExternalId for that role
              --snapshot-types a,b         [SNAPSHOT_TYPES]     automated, manual, shared, awsbackup
                                                               (default: automated)
            Run:
              --region REGION              AWS region of the source database and the export
              --snapshot-identifier ID     export this snapshot instead of the newest
              --export-only a,b            only these databases/schemas/tables
              --dry-run                    decide and print, start nothing
              --status TASK_ID             print the status of an export task instead
              --help                       this text

            Prints the result as JSON on stdout and one JSON line per decision on stderr.
            Exit status: 0 done, 1 export failed (message on stderr), 2 bad usage or configuration.
            """;

    private static final Map<String, String> ENVIRONMENT_FLAGS = Map.of(
            "--bucket", ExporterSettings.EXPORT_BUCKET,
            "--kms-key-arn", ExporterSettings.EXPORT_KMS_KEY_ARN,
            "--prefix", ExporterSettings.EXPORT_PREFIX);

    private static final Map<String, String> INPUT_FLAGS = Map.of(
            "--db-cluster-identifier", ExportRequestParser.DB_CLUSTER_IDENTIFIER,
            "--db-instance-identifier", ExportRequestParser.DB_INSTANCE_IDENTIFIER,
            "--export-role-arn", ExportRequestParser.EXPORT_ROLE_ARN,
            "--source-name", ExportRequestParser.SOURCE_NAME,
            "--source-role-arn", ExportRequestParser.SOURCE_ROLE_ARN,
            "--external-id", ExportRequestParser.EXTERNAL_ID,
            "--snapshot-identifier", ExportRequestParser.SNAPSHOT_IDENTIFIER);

    private static final Map<String, String> LIST_FLAGS = Map.of(
            "--snapshot-types", ExportRequestParser.SNAPSHOT_TYPES,
            "--export-only", ExportRequestParser.EXPORT_ONLY);

    private final PrintStream out;
    private final PrintStream err;

    ExportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int status = new ExportCommand(System.out, System.err).run(args, System.getenv());
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command line, sorted into the function's environment, its input, and what to do. */
    private record Flags(Map<String, String> env, Map<String, Object> input, String statusOf, String region,
                         boolean help) {
    }

    /** Null (after printing why) when a flag is unknown or lacks its value. */
    private Flags parse(String[] args, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        Map<String, Object> input = new LinkedHashMap<>();
        String statusOf = null;
        String region = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return new Flags(env, input, null, null, true);
            }
            if (flag.equals("--dry-run")) {
                input.put(ExportRequestParser.DRY_RUN, true);
                continue;
            }
            if (i + 1 >= args.length || !(ENVIRONMENT_FLAGS.containsKey(flag) || INPUT_FLAGS.containsKey(flag)
                    || LIST_FLAGS.containsKey(flag) || flag.equals("--status") || flag.equals("--region"))) {
                err.println("error: unknown option or missing value: " + flag + " (see --help)");
                return null;
            }
            String value = args[++i];
            if (ENVIRONMENT_FLAGS.containsKey(flag)) {
                env.put(ENVIRONMENT_FLAGS.get(flag), value);
            } else if (INPUT_FLAGS.containsKey(flag)) {
                input.put(INPUT_FLAGS.get(flag), value);
            } else if (LIST_FLAGS.containsKey(flag)) {
                List<String> items = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                input.put(LIST_FLAGS.get(flag), items);
            } else if (flag.equals("--region")) {
                region = value;
            } else {
                statusOf = value;
            }
        }
        return new Flags(env, input, statusOf, region, false);
    }

    int run(String[] args, Map<String, String> environment) {
        Flags flags = parse(args, environment);
        if (flags == null) {
            return 2;
        }
        if (flags.help()) {
            out.print(USAGE);
            return 0;
        }
        Map<String, String> env = flags.env();
        Map<String, Object> input = flags.input();
        String statusOf = flags.statusOf();
        DecisionLog log = new DecisionLog(new StreamLogger(err));
        ExporterSettings settings;
        ExportRequestParser parser;
        try {
            settings = ExporterSettings.fromEnvironment(env);
            parser = new ExportRequestParser(settings.sourceDefaults());
        } catch (ExporterException e) {
            return fail(e, 2);
        }
        String region = CliRegion.resolve(flags.region(), env, settings.kmsKeyArn());
        if (region == null) {
            // Checked before any client exists: the SDK's own chain would end at the instance metadata service and
            // give up after seconds of timeouts, reported as an export failure.
            err.println("error: no AWS region: pass --region, or set AWS_REGION (or a region in your AWS profile).");
            return 2;
        }
        try (AssumeRoleSourceClients clients = AssumeRoleSourceClients.create(Region.of(region))) {
            Object result;
            if (statusOf != null) {
                result = new ExportStatusChecker(clients).check(parser.sourceSettings(JsonInput.of(input)).access(),
                        statusOf, Map.of("exportTaskIdentifier", statusOf), log);
            } else {
                ExportResult exported = new SnapshotExporter(clients, settings).export(parser.parse(JsonInput.of(input)), log);
                result = exported.toJson();
            }
            out.println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(result));
            return 0;
        } catch (InvalidInputException | InvalidConfigurationException e) {
            // Bad flags, or no credentials: what the user must change, not an export that failed.
            return fail(e, 2);
        } catch (ExporterException | SdkException e) {
            // SdkException here: no region or credentials in the shell, or an AWS error with no special meaning.
            return fail(e, 1);
        } catch (IOException e) {
            err.println("error: could not write the result: " + e.getMessage());
            return 1;
        }
    }

    private int fail(Exception e, int status) {
        err.println("error: " + e.getClass().getSimpleName() + ": " + inFlagTerms(e.getMessage()));
        return status;
    }

    /**
     * The message with the function's names for settings (EXPORT_KMS_KEY_ARN, 'dbClusterIdentifier') replaced by
     * the flags a terminal user types; an environment variable keeps its name beside the flag, since either works.
     */
    static String inFlagTerms(String message) {
        String text = message == null ? "" : message;
        for (Map.Entry<String, String> flag : ENVIRONMENT_FLAGS.entrySet()) {
            text = text.replace(flag.getValue(), flag.getKey() + " (" + flag.getValue() + ")");
        }
        for (Map<String, String> flags : List.of(INPUT_FLAGS, LIST_FLAGS)) {
            for (Map.Entry<String, String> flag : flags.entrySet()) {
                text = text.replace("'" + flag.getValue() + "'", flag.getKey());
            }
        }
        return text;
    }

    /** The Lambda logger interface, writing to a terminal stream. */
    private record StreamLogger(PrintStream stream) implements LambdaLogger {
        @Override
        public void log(String message) {
            stream.println(message);
        }

        @Override
        public void log(byte[] message) {
            stream.println(new String(message, StandardCharsets.UTF_8));
        }
    }
}
