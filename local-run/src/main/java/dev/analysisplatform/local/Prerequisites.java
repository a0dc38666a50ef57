package dev.analysisplatform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What ./run-local needs on the machine, checked first so a missing tool is one clear line, not a stack trace. */
final class Prerequisites {

    /** A tool the local run needs is not installed. */
    static final class Missing extends RuntimeException {
        Missing(String message) {
            super(message);
        }
    }

    private Prerequisites() {
    }

    static void check(Path root) {
        for (String[] tool : new String[][] {{"terraform", "version"}, {"node", "--version"}, {"python3", "--version"}}) {
            try {
                Process process = new ProcessBuilder(tool).redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor() != 0) {
                    throw new Missing(tool[0] + " is installed but does not run");
                }
            } catch (IOException e) {
                throw new Missing(tool[0] + " not found on PATH: " + switch (tool[0]) {
                    case "terraform" -> "install Terraform 1.11+";
                    case "node" -> "install Node.js 18+ (CDKTF synthesis runs in Node)";
                    default -> "install Python 3 and `pip install 'moto[server]==5.2.1' 'pyarrow==25.0.1'`";
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Path ric = root.resolve("local-run/target/ric");
        if (!Files.isDirectory(ric)) {
            throw new Missing(ric + " is missing: build first (./run-local does: mvn -pl local-run -am package)");
        }
    }
}
