package dev.analysisplatform.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Points a synthesized stack at the emulator without touching what was synthesized: Terraform merges
 * {@code *_override.tf.json} files over the configuration, so the stack's provider gains the emulator's
 * endpoints and test credentials (and, for a source account, an AssumeRole into it), and its S3 backend talks
 * to the emulator's S3. The same JSON deploys to AWS when the override file is absent.
 */
public final class EmulatorOverrides {

    public static final String FILE_NAME = "emulator_override.tf.json";
    static final List<String> SERVICES = List.of("iam", "kms", "s3", "sts", "lambda", "sfn", "scheduler", "sns", "logs",
            "events", "rds", "glue", "athena", "cloudwatch");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EmulatorOverrides() {
    }

    private static void emulated(ObjectNode provider, Emulator emulator, String assumeRoleArn) {
        provider.put("access_key", "testing");
        provider.put("secret_key", "testing");
        provider.put("skip_credentials_validation", true);
        provider.put("skip_metadata_api_check", true);
        provider.put("skip_region_validation", true);
        provider.put("s3_use_path_style", true);
        // moto answers unknown calls with 5xx, and the provider's default retries (25) would wait for minutes;
        // but its development server sometimes drops a keep-alive connection mid-answer ("use of closed network
        // connection" on an AssumeRole during parallel applies), which one retry absorbs.
        provider.put("max_retries", 3);
        ObjectNode endpoints = provider.putArray("endpoints").addObject();
        SERVICES.forEach(service -> endpoints.put(service, emulator.endpoint()));
        if (assumeRoleArn != null) {
            provider.putArray("assume_role").addObject().put("role_arn", assumeRoleArn);
        }
    }

    /**
     * Writes the override into {@code stackDirectory}. {@code assumeRoleArn} is null for the analytics account
     * (moto's default); the backend is re-pointed only when the stack has an S3 backend.
     */
    public static void write(Path stackDirectory, Emulator emulator, String assumeRoleArn) {
        try {
            JsonNode stack = MAPPER.readTree(stackDirectory.resolve("cdk.tf.json").toFile());
            ObjectNode override = MAPPER.createObjectNode();
            // Every provider of the stack, each by its alias (Terraform merges provider blocks by name and alias): a
            // source region's resources are made by a provider of their own.
            ArrayNode providers = override.putObject("provider").putArray("aws");
            for (JsonNode declared : stack.path("provider").path("aws")) {
                ObjectNode provider = providers.addObject();
                if (declared.has("alias")) {
                    provider.put("alias", declared.path("alias").asText());
                }
                emulated(provider, emulator, assumeRoleArn);
            }
            JsonNode s3Backend = stack.path("terraform").path("backend").path("s3");
            if (!s3Backend.isMissingNode()) {
                ObjectNode backend = override.putObject("terraform").putObject("backend").putObject("s3");
                backend.setAll((ObjectNode) s3Backend.deepCopy());
                backend.put("access_key", "testing");
                backend.put("secret_key", "testing");
                backend.put("use_path_style", true);
                backend.put("skip_credentials_validation", true);
                backend.put("skip_requesting_account_id", true);
                backend.put("skip_metadata_api_check", true);
                backend.put("skip_region_validation", true);
                backend.putObject("endpoints").put("s3", emulator.endpoint()).put("sts", emulator.endpoint());
                if (assumeRoleArn != null) {
                    backend.putObject("assume_role").put("role_arn", assumeRoleArn);
                }
            }
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(stackDirectory.resolve(FILE_NAME).toFile(), override);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the emulator override in " + stackDirectory, e);
        }
    }
}
