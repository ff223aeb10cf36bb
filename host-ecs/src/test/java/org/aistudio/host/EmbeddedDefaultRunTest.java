package org.aistudio.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.Test;

/**
 * The README's first command on an empty machine state: no configuration at all. The host starts
 * an embedded PostgreSQL in its data folder, prints a curl line whose token works, streams the
 * demo answer from start to [DONE], and a restart on the same folder keeps the job.
 */
class EmbeddedDefaultRunTest {

    private static final Pattern CURL = Pattern.compile("curl -N (\\S+) -H 'Authorization: Bearer ([^']+)'.* -d '([^']+)'");

    @Test
    void runs_on_embedded_defaults_prints_a_working_curl_line_and_keeps_jobs_across_a_restart() throws Exception {
        Path dataDir = Files.createTempDirectory("aistudio-home");
        int port = freePort();
        String jobId;
        String token;
        Process first = start(dataDir, port);
        try {
            Matcher curl = awaitCurlLine(first, dataDir);
            URI chat = URI.create(curl.group(1));
            token = curl.group(2);
            assertThat(chat.getPort()).isEqualTo(port);
            try (SseStream stream = Http.openChat(chat, token, curl.group(3))) {
                assertThat(stream.status()).isEqualTo(200);
                jobId = stream.header("x-job-id");
                List<SseStream.Event> events = stream.readAll();
                assertThat(events.get(0).type()).isEqualTo("start");
                assertThat(events.get(events.size() - 2).type()).isEqualTo("finish");
                assertThat(events.get(events.size() - 1).done()).isTrue();
            }
            assertPlaygroundSignsInTheDemoUser(port);
        } finally {
            stop(first);
        }
        Process second = start(dataDir, port);
        try {
            awaitCurlLine(second, dataDir);
            var job = Http.get(URI.create("http://localhost:" + port + "/api/jobs/" + jobId), token);
            assertThat(job.statusCode()).isEqualTo(200);
            assertThat(job.body()).contains("\"status\":\"completed\"");
        } finally {
            stop(second);
        }
    }

    /** The embedded default run serves the playground, and hands it a development token that works. */
    private static void assertPlaygroundSignsInTheDemoUser(int port) {
        URI base = URI.create("http://localhost:" + port);
        var page = Http.get(base.resolve("/"), null);
        assertThat(page.statusCode()).as("the playground is on in the embedded default run").isEqualTo(200);
        assertThat(page.headers().firstValue("content-security-policy")).isPresent();
        Matcher devToken = Pattern.compile("\"devToken\":\"([^\"]+)\"")
                .matcher(Http.get(base.resolve("/playground/config"), null).body());
        assertThat(devToken.find()).isTrue();
        assertThat(Http.get(base.resolve("/api/models"), devToken.group(1)).statusCode()).isEqualTo(200);
    }

    private static Process start(Path dataDir, int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.aistudio.host.Application"))
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("host.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("DATASOURCES_") || k.startsWith("AISTUDIO_") || k.startsWith("OPENAI")
                || k.equals("MANAGEMENT_PORT"));
        env.put("AISTUDIO_DATA_DIR", dataDir.toString());
        env.put("PORT", Integer.toString(port));
        env.put("MANAGEMENT_PORT", Integer.toString(freePort()));
        env.put("AISTUDIO_DEMO_CHUNK_DELAY", "5ms");
        return builder.start();
    }

    private static Matcher awaitCurlLine(Process process, Path dataDir) {
        Path log = dataDir.resolve("host.log");
        Matcher[] found = new Matcher[1];
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            assertThat(process.isAlive()).as("host is running; log: %s", read(log)).isTrue();
            for (String line : read(log).split("\n")) {
                Matcher m = CURL.matcher(line);
                if (m.find() && read(log).contains("AI Studio Streaming is ready")) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
