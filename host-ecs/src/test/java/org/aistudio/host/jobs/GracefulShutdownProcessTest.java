package org.aistudio.host.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.fixtures.jwt.JwtMinter;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.Test;

/**
 * A real host process receives a real SIGTERM in the middle of an answer: it stops admitting,
 * reports unhealthy, lets the drain period pass, then ends the answer as failed with its partial
 * content saved and tells the client with an error part, and exits cleanly.
 */
class GracefulShutdownProcessTest {

    @Test
    void sigterm_drains_then_interrupts_the_running_answer_with_its_partial_content_saved() throws Exception {
        TestDatabase db = EmbeddedDatabase.createDatabase();
        int port = freePort();
        Path log = Files.createTempFile("host", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBinary(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "org.aistudio.host.Application"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("DATASOURCES_DEFAULT_URL", db.jdbcUrl());
        env.put("DATASOURCES_DEFAULT_USERNAME", db.username());
        env.put("PORT", Integer.toString(port));
        env.put("MANAGEMENT_PORT", Integer.toString(freePort()));
        env.put("AISTUDIO_JWT_SECRET", RunningHost.SECRET);
        env.put("AISTUDIO_SHUTDOWN_DRAIN", "3s");
        env.put("AISTUDIO_DEMO_CHUNK_DELAY", "250ms");
        env.put("AISTUDIO_DATA_DIR", Files.createTempDirectory("aistudio").toString());
        Process process = builder.start();
        try {
            URI base = URI.create("http://localhost:" + port);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> Http.get(base.resolve("/api/health"), null).statusCode() == 200);
            String token = new JwtMinter(RunningHost.SECRET).token("dave", "user");

            try (SseStream stream = Http.openChat(base.resolve("/api/chat"), token, ChatBodies.chat("c-term", "demo", "hi"))) {
                String jobId = stream.header("x-job-id");
                stream.until(e -> "text-delta".equals(e.type()));

                process.destroy();

                await().atMost(Duration.ofSeconds(3)).until(() -> Http.get(base.resolve("/api/health"), null).statusCode() == 503);
                assertThat(Http.postJson(base.resolve("/api/chat"), token, ChatBodies.chat("c-late", "demo", "hi")).statusCode())
                        .isEqualTo(503);
                SseStream.Event error = stream.until(e -> "error".equals(e.type()));
                assertThat(error.json().path("errorText").asText()).isEqualTo("interrupted: shutdown");
                assertThat(stream.next().done()).isTrue();

                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).isZero();
                assertThat(db.queryString("SELECT status::text || '|' || error_message FROM ai_streaming_jobs WHERE id = '"
                        + jobId + "'")).isEqualTo("failed|interrupted: shutdown");
                String saved = db.queryString("SELECT content FROM messages WHERE job_id = '" + jobId + "'");
                assertThat(saved).startsWith("Hello ").isEqualTo(stream.text());
            }
        } finally {
            process.destroyForcibly();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
