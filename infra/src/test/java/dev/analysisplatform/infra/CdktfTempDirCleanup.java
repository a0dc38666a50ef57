package dev.analysisplatform.infra;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Registered for every test class (junit-platform.properties): removes what Testing.synth left in /tmp. */
public final class CdktfTempDirCleanup implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
        CdktfTempDirs.deleteCreatedByThisJvm();
    }
}
