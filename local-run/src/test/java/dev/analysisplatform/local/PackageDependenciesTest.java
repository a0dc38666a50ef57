package dev.analysisplatform.local;

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
 * The local run's subsystems depend one way: the ASL interpreter ({@code asl}) and the emulator deployment
 * ({@code deploy}) stand alone, the Lambda host ({@code lambda}) runs deployed functions as the interpreter's task
 * resources, and the run ({@code local}) puts them together. Same-package references need no import, so a class
 * of {@code local} used from a subsystem would show up as an import of {@code dev.analysisplatform.local.X}.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/analysisplatform/local");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.analysisplatform\\.local\\.([\\w.]+);",
            Pattern.MULTILINE);

    @ParameterizedTest(name = "{0} may use only {1}")
    @CsvSource(delimiter = '|', value = {
        "asl|",
        "deploy|",
        "lambda|asl deploy"})
    void subsystemsDependOneWay(String pkg, String allowed) throws IOException {
        List<String> permitted = allowed == null ? List.of() : List.of(allowed.split(" "));
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String target = imports.group(1);
                    String targetPackage = target.contains(".") ? target.substring(0, target.indexOf('.')) : "(run)";
                    assertThat(targetPackage.equals(pkg) || permitted.contains(targetPackage))
                            .as("%s imports dev.analysisplatform.local.%s", file.getFileName(), target).isTrue();
                }
            }
        }
    }
}
