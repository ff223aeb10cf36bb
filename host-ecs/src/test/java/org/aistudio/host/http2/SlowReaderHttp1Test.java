package org.aistudio.host.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.aistudio.core.provider.ScriptedProvider.Script;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.ScriptedProviders;
import org.junit.jupiter.api.Test;

/**
 * A raw HTTP/1.1 client that stops reading while a 10 MB answer streams: the host keeps no
 * backlog for it (it receives about what the socket buffers held, not the answer), the job
 * completes, and the stream ends with the resume hint.
 */
class SlowReaderHttp1Test {

    @Test
    void a_reader_that_stops_reading_costs_no_backlog_and_gets_the_resume_hint() throws Exception {
        TestDatabase db = EmbeddedDatabase.createDatabase();
        ScriptedProviders.addModel(db, "scripted", null, null);
        try (RunningHost host = RunningHost.start(db, Map.of("test.scripted", "true", "aistudio.jobs.max-reader-lag", "200"))) {
            String[] chunks = new String[5000];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = String.format("chunk-%05d %s ", i, "x".repeat(2000));
            }
            long answerBytes = 5000L * 2012;
            ScriptedProviders.PROVIDER.enqueue(Script.answer(Duration.ofMillis(1), chunks));
            try (Socket socket = new Socket("localhost", host.port())) {
                socket.setReceiveBufferSize(65536);
                String body = ChatBodies.chat("c-stalled", "scripted", "go");
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/chat HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + host.token("gina", "user")
                        + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                out.flush();
                await().atMost(Duration.ofSeconds(90)).until(() -> "completed".equals(
                        db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE conversation_id = 'c-stalled'")));

                ByteArrayOutputStream received = new ByteArrayOutputStream();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[65536];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    received.write(buffer, 0, n);
                    if (received.toString(StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n")) {
                        break;
                    }
                }
                String text = received.toString(StandardCharsets.UTF_8);
                assertThat((long) received.size()).isLessThan(answerBytes / 2);
                assertThat(text).contains("\"type\":\"error\"").contains("fell behind").contains("Last-Event-ID");
                assertThat(text).doesNotContain("\"type\":\"finish\"");
            }
        }
    }
}
