package dev.analysisplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analysisplatform.testing.PackageImports;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The local run's subsystems depend one way: the ASL interpreter ({@code asl}) and the emulator deployment
 * ({@code deploy}) stand alone, the Lambda host ({@code lambda}) runs deployed functions as the interpreter's task
 * resources, and the run ({@code local}) puts them together.
 */
class PackageDependenciesTest {

    @ParameterizedTest(name = "{0} may use only {1}")
    @CsvSource(delimiter = '|', value = {
        "asl|",
        "deploy|",
        "lambda|asl deploy"})
    void subsystemsDependOneWay(String pkg, String allowed) {
        assertThat(PackageImports.violations(Path.of("src/main/java/dev/analysisplatform/local"),
                "dev.analysisplatform.local", pkg, allowed == null ? List.of() : List.of(allowed.split(" ")))).isEmpty();
    }
}
