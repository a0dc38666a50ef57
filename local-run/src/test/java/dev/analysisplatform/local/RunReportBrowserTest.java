package dev.analysisplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.analysisplatform.local.asl.JsonPaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a person sees it: rendered by headless Chromium (driven over the DevTools protocol with the JDK's
 * own WebSocket client), its visible text read and every table cell and chart label measured. RunReportTest checks the
 * HTML; this checks what the browser makes of it (a label drawn past the chart's edge, a cell cut off, text that is in
 * the source but not on the screen). CI installs Chromium (.ci/run); elsewhere the test runs where a Chromium or Chrome
 * is found and is skipped otherwise.
 */
class RunReportBrowserTest {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    /** Visible text, plus every cell and label that does not fit where it is drawn. */
    private static final String MEASURE = """
            (() => {
              const cut = [];
              for (const cell of document.querySelectorAll('td, th, pre, code')) {
                if (cell.scrollWidth > cell.clientWidth + 1 && getComputedStyle(cell).overflowX === 'hidden') {
                  cut.push(cell.textContent);
                }
              }
              for (const svg of document.querySelectorAll('svg')) {
                const box = svg.getBoundingClientRect();
                for (const text of svg.querySelectorAll('text')) {
                  const r = text.getBoundingClientRect();
                  if (r.left < box.left - 1 || r.right > box.right + 1) cut.push(text.textContent);
                }
              }
              return JSON.stringify({text: document.body.innerText, cut,
                  labels: document.querySelectorAll('svg text').length, width: document.documentElement.scrollWidth,
                  viewport: window.innerWidth});
            })()""";

    @TempDir
    Path dir;

    @Test
    void aPersonSeesWhenWhereAndWhatEachExecutionDid_andEveryLabelFits() throws Exception {
        Optional<String> browser = BROWSERS.stream().filter(b -> Files.isExecutable(Path.of(b))).findFirst();
        if (System.getenv("CI") == null) {
            assumeTrue(browser.isPresent(), "no Chromium or Chrome here (" + BROWSERS + ")");
        }
        assertThat(browser).as("CI installs Chromium (.ci/run)").isPresent();
        Path report = dir.resolve("report.html");
        RunReportTest.writeSample(report);

        JsonNode seen = render(browser.get(), report);

        assertThat(seen.path("text").asText())
                .contains("Started 2026-12-05").contains("local")
                .contains("Execution 1: FAILED in 4.0 s")
                .contains("1 of 2 sources failed")
                .contains("exp-shop-orders-demo-3-2bb1547975")
                .contains("s3://analysis-platform-local-exports/exports/shop_orders/shop-orders/exp-shop-orders-demo-3-2bb1547975/")
                .contains("shop_billing").contains("SELECT 1;");
        assertThat(seen.path("labels").asInt()).as("chart labels drawn").isGreaterThanOrEqualTo(2);
        assertThat(seen.path("cut")).as("text drawn past its box").isEmpty();
        assertThat(seen.path("width").asInt()).as("no sideways scrolling at 1280 px")
                .isLessThanOrEqualTo(seen.path("viewport").asInt());
    }

    /** Opens the file in a headless browser and evaluates {@link #MEASURE} once the page has loaded. */
    private JsonNode render(String browser, Path page) throws Exception {
        Process chromium = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"), "--remote-debugging-port=0", "--window-size=1280,900",
                "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String browserSocket = devToolsAddress(chromium);
            URI http = URI.create(browserSocket.replace("ws://", "http://"));
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create("http://" + http.getAuthority()
                    + "/json/new?" + page.toUri())).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            String pageSocket = JsonPaths.MAPPER.readTree(created.body()).path("webSocketDebuggerUrl").asText();
            Reply reply = new Reply();
            WebSocket socket = client.newWebSocketBuilder().buildAsync(URI.create(pageSocket), reply).get(30, TimeUnit.SECONDS);
            String expression = "new Promise(r => { const go = () => r(" + MEASURE + "); "
                    + "document.readyState === 'complete' ? go() : addEventListener('load', go); })";
            socket.sendText(JsonPaths.MAPPER.createObjectNode().put("id", 1).put("method", "Runtime.evaluate")
                    .set("params", JsonPaths.MAPPER.createObjectNode().put("expression", expression)
                            .put("awaitPromise", true).put("returnByValue", true)).toString(), true);
            JsonNode answer = JsonPaths.MAPPER.readTree(reply.first.get(60, TimeUnit.SECONDS));
            socket.abort();
            assertThat(answer.path("result").has("exceptionDetails")).as(answer.toString()).isFalse();
            return JsonPaths.MAPPER.readTree(answer.path("result").path("result").path("value").asText());
        } finally {
            chromium.destroy();
            if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
            }
        }
    }

    private static String devToolsAddress(Process chromium) throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(chromium.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        StringBuilder seen = new StringBuilder();
        for (String line; System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                // Keep reading its stderr so that the browser never blocks on a full pipe.
                Thread drain = new Thread(() -> err.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("Chromium did not start its DevTools endpoint:\n" + seen);
    }

    /** The first complete text message (the reply to the one command sent). */
    private static final class Reply implements WebSocket.Listener {
        final CompletableFuture<String> first = new CompletableFuture<>();
        private final StringBuilder parts = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                first.complete(parts.toString());
            }
            webSocket.request(1);
            return null;
        }
    }
}
