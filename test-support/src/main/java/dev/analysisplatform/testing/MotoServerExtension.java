package dev.analysisplatform.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link MotoServer} for one test class: {@code @RegisterExtension static final MotoServerExtension MOTO}.
 * {@link #asSdkDefault(String)} also points every AWS SDK client the test builds at it, through the same
 * settings ({@code aws.endpointUrl}, {@code aws.region}, credentials) a deployed function gets from its
 * environment, and removes them again after the class.
 */
public final class MotoServerExtension implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> SDK_PROPERTIES =
            List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey");

    private final MotoServer server = new MotoServer();
    private String sdkRegion;

    public MotoServerExtension asSdkDefault(String region) {
        this.sdkRegion = region;
        return this;
    }

    public String endpoint() {
        return server.endpoint();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server.start();
        if (sdkRegion != null) {
            System.setProperty("aws.endpointUrl", server.endpoint());
            System.setProperty("aws.region", sdkRegion);
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (sdkRegion != null) {
            SDK_PROPERTIES.forEach(System::clearProperty);
        }
        server.close();
    }
}
