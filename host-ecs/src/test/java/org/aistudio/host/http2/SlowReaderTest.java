package org.aistudio.host.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.aistudio.core.provider.ScriptedProvider.Script;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.ScriptedProviders;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.Test;

/**
 * One reader on a shared HTTP/2 connection stops reading: the other streams finish, the job
 * finishes at the provider's pace, the host does not buffer the slow stream's backlog, and the
 * slow stream ends with an error part that says how to resume; resuming gets the rest.
 */
class SlowReaderTest {

    @Test
    void a_stalled_reader_is_cut_off_with_a_resume_hint_and_never_slows_the_others() throws Exception {
        TestDatabase db = EmbeddedDatabase.createDatabase();
        ScriptedProviders.addModel(db, "scripted", null, null);
        try (RunningHost host = RunningHost.start(db, Map.of("test.scripted", "true", "aistudio.jobs.max-reader-lag", "200",
                "micronaut.server.netty.http2.initial-window-size", "65535", "aistudio.demo.chunk-delay", "5ms"))) {
            String token = host.token("frank", "user");
            String[] chunks = new String[3000];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = String.format("chunk-%04d %s ", i, "x".repeat(2000));
            }
            ScriptedProviders.PROVIDER.enqueue(Script.answer(Duration.ofMillis(1), chunks));
            // The JDK client grants a 16 MB stream window by default; a browser-like 64 KB one lets a
            // reader that stops reading actually stop the server's writes.
            System.setProperty("jdk.httpclient.windowsize", "65536");
            System.setProperty("jdk.httpclient.connectionWindowSize", "1048576");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            client.send(HttpRequest.newBuilder(host.uri("/api/health")).build(), HttpResponse.BodyHandlers.discarding());

            HttpResponse<InputStream> slow = client.send(post(host, token, "c-slow", "scripted"),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(slow.version()).isEqualTo(HttpClient.Version.HTTP_2);
            String jobId = slow.headers().firstValue("x-job-id").orElseThrow();

            List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                others.add(client.sendAsync(post(host, token, "c-fast-" + i, "demo"), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> other : others) {
                assertThat(other.get(60, TimeUnit.SECONDS).body()).contains("\"type\":\"finish\"").endsWith("data: [DONE]\n\n");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(
                    db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + jobId + "'")));

            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(slow.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            }
            String lastData = lines.stream().filter(l -> l.startsWith("data: {")).reduce((a, b) -> b).orElseThrow();
            assertThat(lastData).contains("\"type\":\"error\"").contains("fell behind").contains("Last-Event-ID");
            long received = lines.stream().filter(l -> l.contains("\"type\":\"text-delta\"")).count();
            assertThat(received).isLessThan(chunks.length);
            String lastId = lines.stream().filter(l -> l.startsWith("id: ")).reduce((a, b) -> b).orElseThrow().substring(4);
            long resumeFrom = Long.parseLong(lastId) - 1;

            try (SseStream rest = Http.openGet(host.uri("/api/jobs/" + jobId + "/stream"), token, resumeFrom)) {
                rest.readAll();
                assertThat(rest.events()).anyMatch(e -> "finish".equals(e.type()));
                long resumedDeltas = rest.events().stream().filter(e -> "text-delta".equals(e.type())).count();
                assertThat(received + resumedDeltas).isGreaterThanOrEqualTo(chunks.length);
            }
        }
    }

    private static HttpRequest post(RunningHost host, String token, String chatId, String model) {
        return HttpRequest.newBuilder(host.uri("/api/chat")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(ChatBodies.chat(chatId, model, "go"))).build();
    }
}
