package dev.analysisplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analysisplatform.export.ExporterSettings;
import dev.analysisplatform.export.FunctionEnvironment;
import dev.analysisplatform.cdktf.ProjectPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract between infra/ and lambda/, checked against the real artifact: every handler Terraform names
 * exists in the jar, every environment variable it sets is one the code reads, and every error name the state
 * machine retries on is an exception class the code throws.
 */
class ContractTest {

    private static SynthesizedStack stack;

    @BeforeAll
    static void synth() {
        stack = SynthesizedStack.standardAnalytics();
    }

    @Test
    void handlers_existInTheArtifactEachFunctionDeploys() throws IOException {
        ProjectPaths.FunctionArtifacts artifacts = TestEnvironments.artifacts();
        for (JsonNode function : stack.resources("aws_lambda_function")) {
            String handler = function.path("handler").asText();
            String artifact = function.path("filename").asText();
            Path jarPath = artifact.endsWith("catalog-registrar.jar") ? artifacts.registrar() : artifacts.exporter();
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                String className = handler.substring(0, handler.indexOf("::"));
                assertThat(jar.getEntry(className.replace('.', '/') + ".class")).as(handler + " in " + artifact).isNotNull();
                assertThat(handler).endsWith("::handleRequest");
            }
        }
    }

    @Test
    void artifacts_carryOnlyTheSdkClientsTheirFunctionsCall() throws IOException {
        ProjectPaths.FunctionArtifacts artifacts = TestEnvironments.artifacts();
        try (JarFile exporter = new JarFile(artifacts.exporter().toFile());
             JarFile registrar = new JarFile(artifacts.registrar().toFile())) {
            assertThat(exporter.getEntry("software/amazon/awssdk/services/rds/RdsClient.class")).isNotNull();
            assertThat(exporter.getEntry("software/amazon/awssdk/services/glue/GlueClient.class")).isNull();
            assertThat(exporter.getEntry("software/amazon/awssdk/services/s3/S3Client.class")).isNull();
            assertThat(registrar.getEntry("software/amazon/awssdk/services/glue/GlueClient.class")).isNotNull();
            assertThat(registrar.getEntry("software/amazon/awssdk/services/s3/S3Client.class")).isNotNull();
            assertThat(registrar.getEntry("software/amazon/awssdk/services/rds/RdsClient.class")).isNull();
        }
    }

    @Test
    void handlerClasses_implementTheLambdaStreamInterface() throws ClassNotFoundException {
        for (String handler : List.of(ExporterFunctions.PLAN_HANDLER, ExporterFunctions.START_HANDLER,
                ExporterFunctions.STATUS_HANDLER, ExporterFunctions.REGISTER_HANDLER)) {
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertThat(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class).isAssignableFrom(type);
        }
    }

    @Test
    void environmentVariables_areOnesTheExporterReads() {
        List<String> set = new ArrayList<>();
        stack.resources("aws_lambda_function").forEach(f -> f.path("environment").path("variables").fieldNames()
                .forEachRemaining(set::add));
        assertThat(set).isNotEmpty().allSatisfy(variable ->
                assertThat(FunctionEnvironment.ACCEPTED.contains(variable))
                        .as(variable + " is read by the exporter").isTrue());
        assertThat(set).contains(ExporterSettings.EXPORT_BUCKET, ExporterSettings.EXPORT_KMS_KEY_ARN);
    }

    @Test
    void errorNamesTheStateMachineMatches_areExceptionClassesOfTheFunctions() throws ClassNotFoundException {
        for (String name : dev.analysisplatform.contract.ErrorNames.FUNCTION_ERRORS) {
            assertThat(dev.analysisplatform.export.errors.ExporterException.class)
                    .as(name).isAssignableFrom(Class.forName(name));
        }
    }
}
