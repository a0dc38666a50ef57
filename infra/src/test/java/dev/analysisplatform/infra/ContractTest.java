package dev.analysisplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analysisplatform.export.ExporterSettings;
import dev.analysisplatform.export.catalog.RegisterExportHandler;
import java.io.IOException;
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

    /** Read by the JVM, not by our code. */
    private static final List<String> RUNTIME_VARIABLES = List.of("JAVA_TOOL_OPTIONS");

    private static SynthesizedStack stack;

    @BeforeAll
    static void synth() {
        stack = SynthesizedStack.standardAnalytics();
    }

    @Test
    void handlers_existInTheArtifactAsStreamHandlers() throws IOException {
        try (JarFile jar = new JarFile(TestEnvironments.exporterJar().toFile())) {
            for (JsonNode function : stack.resources("aws_lambda_function")) {
                String handler = function.path("handler").asText();
                String className = handler.substring(0, handler.indexOf("::"));
                assertThat(jar.getEntry(className.replace('.', '/') + ".class")).as(handler).isNotNull();
                assertThat(handler).endsWith("::handleRequest");
            }
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
                assertThat(ExporterSettings.VARIABLES.contains(variable) || RUNTIME_VARIABLES.contains(variable)
                        || RegisterExportHandler.GLUE_DATABASE.equals(variable))
                        .as(variable + " is read by the exporter").isTrue());
        assertThat(set).contains(ExporterSettings.EXPORT_BUCKET, ExporterSettings.EXPORT_KMS_KEY_ARN);
    }

    @Test
    void retriedErrorNames_areExceptionClassesOfTheExporter() throws ClassNotFoundException {
        Class<?> quota = Class.forName(ExportWorkflow.QUOTA_ERROR);
        assertThat(RuntimeException.class).isAssignableFrom(quota);
    }
}
