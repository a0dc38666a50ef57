package dev.analysisplatform.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The function code's packages depend one way: {@code export} (the exporter) and {@code export.catalog} (the
 * registration function) both build on {@code export.runtime} (JSON, logging, SDK defaults, transient errors) and
 * {@code export.errors} (the Step Functions error names); neither of those, nor the catalog, reaches back into the
 * exporter, so the registration function's jar needs none of the exporter's classes.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/analysisplatform/export");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.analysisplatform\\.export\\.([\\w.]+);",
            Pattern.MULTILINE);

    @ParameterizedTest(name = "{0} may use only {1}")
    @CsvSource(delimiter = '|', value = {
        "catalog|runtime errors",
        "runtime|errors",
        "errors|"})
    void packagesDependOneWay(String pkg, String allowed) throws IOException {
        List<String> permitted = allowed == null ? List.of() : List.of(allowed.split(" "));
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String target = imports.group(1);
                    String targetPackage = target.contains(".") ? target.substring(0, target.indexOf('.')) : "";
                    boolean own = targetPackage.equals(pkg);
                    assertThat(own || permitted.contains(targetPackage))
                            .as("%s imports dev.analysisplatform.export.%s", file.getFileName(), target).isTrue();
                }
            }
        }
    }
}
