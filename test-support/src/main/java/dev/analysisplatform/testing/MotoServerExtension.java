package dev.analysisplatform.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs a {@link MotoServer} for one test class: {@code @RegisterExtension static final MotoServerExtension MOTO}. */
public final class MotoServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final MotoServer server = new MotoServer();

    public String endpoint() {
        return server.endpoint();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }
}
