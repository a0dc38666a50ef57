package dev.analysisplatform.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analysisplatform.testing.PackageImports;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The function code's packages depend one way: {@code export} (the exporter) and {@code export.catalog} (the
 * registration function) both build on {@code export.runtime} (JSON, logging, SDK defaults, transient errors) and
 * {@code export.errors} (the Step Functions error names); neither of those, nor the catalog, reaches back into the
 * exporter, so the registration function's jar needs none of the exporter's classes. {@code export.run} (the plan and
 * the summary, which keep the run's records in S3) uses the exporter's planner, which calls no AWS service.
 */
class PackageDependenciesTest {

    @ParameterizedTest(name = "{0} may use only {1}")
    @CsvSource(delimiter = '|', value = {
        "catalog|runtime errors",
        "run|(base) runtime errors",
        "runtime|errors",
        "errors|"})
    void packagesDependOneWay(String pkg, String allowed) {
        assertThat(PackageImports.violations(Path.of("src/main/java/dev/analysisplatform/export"),
                "dev.analysisplatform.export", pkg, allowed == null ? List.of() : List.of(allowed.split(" ")))).isEmpty();
    }
}
