package dev.analysisplatform.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analysisplatform.testing.MotoServer;
import org.junit.jupiter.api.Test;

/**
 * The test harness's emulator when two test JVMs are handed the same free port: the server that loses it must not
 * take the winner's answers for its own. Before, readiness meant "something answers on the port", so a test could run
 * against another test's emulator (CI: BucketAlreadyExists for the local run's state bucket, created by the other).
 */
class MotoServerPortIntegrationTest {

    @Test
    void aServerHandedAPortAnotherServerHolds_servesOnAnotherPortOfItsOwn() throws Exception {
        try (MotoServer first = new MotoServer(); MotoServer second = new MotoServer()) {
            first.start();
            int taken = Integer.parseInt(first.endpoint().substring(first.endpoint().lastIndexOf(':') + 1));

            second.start(taken);

            assertThat(second.endpoint()).isNotEqualTo(first.endpoint());
        }
    }
}
