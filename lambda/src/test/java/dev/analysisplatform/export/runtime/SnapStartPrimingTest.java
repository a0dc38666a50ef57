package dev.analysisplatform.export.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.analysisplatform.export.ExporterPriming;
import dev.analysisplatform.export.catalog.RegistrarPriming;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Priming runs every SDK call of each function against canned answers, with no endpoint, region or credentials
 * from the environment (AWS_ENDPOINT_URL is deliberately not set here: a request leaving the process would fail),
 * and a failing primer never fails the checkpoint.
 */
class SnapStartPrimingTest {

    @Test
    void exporterAndRegistrarPriming_completeWithoutAnyEndpoint() {
        assertThatCode(ExporterPriming::prime).doesNotThrowAnyException();
        assertThatCode(RegistrarPriming::prime).doesNotThrowAnyException();
    }

    @Test
    void aFailingPrimer_isReportedAndIgnored() {
        AtomicInteger runs = new AtomicInteger();
        assertThatCode(() -> SnapStartPriming.prime(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("no answer");
        })).doesNotThrowAnyException();
        assertThat(runs).hasValue(1);
    }
}
