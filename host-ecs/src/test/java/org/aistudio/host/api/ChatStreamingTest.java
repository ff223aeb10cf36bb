package org.aistudio.host.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.demo.DemoProvider;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatStreamingTest {

    private TestDatabase db;
    private RunningHost host;
    private String token;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        host = RunningHost.start(db);
        token = host.token("alice", "user");
    }

    @AfterAll
    void stop() {
        host.close();
    }

    @Test
    void streams_the_ui_message_stream_from_start_to_done_and_saves_the_answer() {
        try (SseStream stream = Http.openChat(host.uri("/api/chat"), token, ChatBodies.chat("chat-a", "demo", "Hi there"))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("content-type")).startsWith("text/event-stream");
            assertThat(stream.header("x-vercel-ai-ui-message-stream")).isEqualTo("v1");
            assertThat(stream.header("cache-control")).isEqualTo("no-cache");
            assertThat(stream.header("x-accel-buffering")).isEqualTo("no");
            assertThat(stream.header("x-conversation-id")).isEqualTo("chat-a");
            assertThat(stream.header("x-request-id")).isNotBlank();
            String jobId = stream.header("x-job-id");

            List<SseStream.Event> events = stream.readAll();
            List<String> types = events.stream().map(SseStream.Event::type).toList();
            assertThat(types.subList(0, 3)).containsExactly("start", "start-step", "text-start");
            assertThat(types.subList(types.size() - 4, types.size()))
                    .containsExactly("text-end", "finish-step", "finish", null);
            assertThat(events.get(events.size() - 1).done()).isTrue();
            assertThat(events.get(events.size() - 2).json().path("finishReason").asText()).isEqualTo("stop");
            for (int i = 0; i < events.size() - 1; i++) {
                assertThat(events.get(i).id()).isEqualTo(Integer.toString(i + 1));
            }
            String expected = DemoProvider.answerFor(ChatRequest.of("demo-1", ChatMessage.user("Hi there")));
            assertThat(stream.text()).isEqualTo(expected);

            assertThat(db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + jobId + "'"))
                    .isEqualTo("completed");
            assertThat(db.queryString("SELECT content FROM messages WHERE job_id = '" + jobId + "'")).isEqualTo(expected);
            assertThat(db.queryLong("SELECT count(*) FROM messages WHERE conversation_id = 'chat-a' AND role = 'user'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void malformed_json_is_400_and_writes_nothing() {
        long before = jobCount();
        HttpResponse<String> response = Http.postJson(host.uri("/api/chat"), token, "{\"id\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"invalid_json\"").contains("\"requestId\"");
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void missing_messages_is_422_and_writes_nothing() {
        long before = jobCount();
        HttpResponse<String> response = Http.postJson(host.uri("/api/chat"), token, "{\"id\":\"c1\",\"modelId\":\"demo\"}");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("messages");
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void unknown_model_is_404_and_writes_nothing() {
        long before = jobCount();
        HttpResponse<String> response = Http.postJson(host.uri("/api/chat"), token, ChatBodies.chat("c-404", "nope", "hi"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"model_not_found\"");
        assertThat(jobCount()).isEqualTo(before);
        assertThat(db.queryLong("SELECT count(*) FROM conversations WHERE id = 'c-404'")).isZero();
    }

    @Test
    void no_token_is_401_in_the_contract_shape() {
        HttpResponse<String> response = Http.postJson(host.uri("/api/chat"), null, ChatBodies.chat("c-401", "demo", "hi"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"error\":{\"code\":\"unauthorized\"");
    }

    @Test
    void health_is_public_and_not_cached() {
        HttpResponse<String> response = Http.get(host.uri("/api/health"), null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("cache-control")).contains("no-store");
        assertThat(response.body()).contains("\"status\":\"healthy\"").contains("\"database\":{\"status\":\"healthy\"}");
    }

    private long jobCount() {
        return db.queryLong("SELECT count(*) FROM ai_streaming_jobs");
    }
}
