package dev.analysisplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The registrar role may make exactly the Glue calls the registration code makes: every {@code glue.<operation>(}
 * in lambda/'s catalog package (GlueTables and its neighbours) needs {@code glue:<Operation>} in
 * {@link ExporterFunctions#GLUE_ACTIONS}, and the policy grants nothing the code never calls. Without it, a new call
 * passes every emulator test (moto enforces no IAM) and fails on the first real deploy with AccessDeniedException.
 */
class GlueActionsContractTest {

    private static final Pattern CALL = Pattern.compile("\\bglue\\.([a-z][A-Za-z]+?)(Paginator)?\\(");

    @Test
    void theRegistrarRoleGrantsEveryGlueCallTheRegistrarMakes_andNothingElse() throws Exception {
        Path catalog = Path.of("..", "lambda", "src", "main", "java", "dev", "analysisplatform", "export", "catalog");
        Set<String> called = new TreeSet<>();
        try (var files = Files.list(catalog)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher call = CALL.matcher(Files.readString(file));
                while (call.find()) {
                    String operation = call.group(1);
                    called.add("glue:" + operation.substring(0, 1).toUpperCase(Locale.ROOT) + operation.substring(1));
                }
            }
        }
        called.remove("glue:TablesStartingWith");

        assertThat(called).as("Glue calls in lambda/.../catalog").contains("glue:GetTables", "glue:BatchUpdatePartition");
        assertThat(new TreeSet<>(ExporterFunctions.GLUE_ACTIONS)).isEqualTo(called);
    }
}
