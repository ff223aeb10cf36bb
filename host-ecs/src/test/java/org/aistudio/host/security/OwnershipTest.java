package org.aistudio.host.security;

import static org.aistudio.host.security.ErrorBodies.assertContractError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

/**
 * Another user's job, conversation and streams answer 404 (or 204 for a chat's resume), never
 * 403, never its content; and ids are checked before they reach SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnershipTest {

    private TestDatabase db;
    private RunningHost host;
    private String alice;
    private String bob;
    private String aliceJob;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        // Slow enough that Alice's answer is still running while Bob probes it.
        host = RunningHost.start(db, Map.of("aistudio.demo.chunk-delay", "2s"));
        alice = host.token("alice", "user");
        bob = host.token("bob", "user");
        try (SseStream stream = Http.openChat(host.uri("/api/chat"), alice,
                ChatBodies.chat("alice-chat", "demo", "my secret plans"))) {
            assertThat(stream.status()).isEqualTo(200);
            aliceJob = stream.header("x-job-id");
        }
    }

    @AfterAll
    void stop() {
        Http.delete(host.uri("/api/jobs/" + aliceJob), alice);
        host.close();
    }

    @Test
    void another_users_job_is_404_to_read_stream_and_cancel() {
        assertThat(status(aliceJob)).isEqualTo("running");
        assertContractError(Http.get(host.uri("/api/jobs/" + aliceJob), bob), 404, "job_not_found");
        assertContractError(Http.get(host.uri("/api/jobs/" + aliceJob + "/stream"), bob), 404, "job_not_found");
        assertContractError(Http.delete(host.uri("/api/jobs/" + aliceJob), bob), 404, "job_not_found");
        assertThat(status(aliceJob)).as("Bob's cancel did nothing").isEqualTo("running");
        assertThat(Http.get(host.uri("/api/jobs/" + aliceJob), alice).statusCode()).isEqualTo(200);
    }

    @Test
    void another_users_conversation_is_404_and_not_listed() {
        HttpResponse<String> theirs = Http.get(host.uri("/api/conversations/alice-chat"), bob);
        assertContractError(theirs, 404, "conversation_not_found");
        assertThat(theirs.body()).doesNotContain("secret plans");
        assertThat(Http.get(host.uri("/api/conversations"), bob).body()).doesNotContain("alice-chat");
        assertThat(Http.get(host.uri("/api/conversations/alice-chat"), alice).body()).contains("my secret plans");
    }

    @Test
    void resuming_another_users_running_chat_is_204_without_content() {
        HttpResponse<String> theirs = Http.get(host.uri("/api/chat/alice-chat/stream"), bob);
        assertThat(theirs.statusCode()).isEqualTo(204);
        assertThat(theirs.body()).isEmpty();
        assertThat(theirs.headers().firstValue("x-job-id")).isEmpty();
        try (SseStream own = Http.openGet(host.uri("/api/chat/alice-chat/stream"), alice, null)) {
            assertThat(own.status()).isEqualTo(200);
            assertThat(own.header("x-job-id")).isEqualTo(aliceJob);
        }
    }

    @Test
    void posting_into_another_users_chat_is_404_and_writes_nothing() {
        long messages = db.queryLong("SELECT count(*) FROM messages WHERE conversation_id = 'alice-chat'");
        HttpResponse<String> response = Http.postJson(host.uri("/api/chat"), bob,
                ChatBodies.chat("alice-chat", "demo", "let me in"));
        assertContractError(response, 404, "conversation_not_found");
        assertThat(db.queryLong("SELECT count(*) FROM messages WHERE conversation_id = 'alice-chat'")).isEqualTo(messages);
        assertThat(db.queryLong("SELECT count(*) FROM messages WHERE content = 'let me in'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM ai_streaming_jobs j JOIN users u ON u.id = j.user_id "
                + "WHERE u.subject = 'bob'")).isZero();
        assertThat(db.queryString("SELECT u.subject FROM conversations c JOIN users u ON u.id = c.user_id "
                + "WHERE c.id = 'alice-chat'")).isEqualTo("alice");
    }

    @Test
    void ids_that_are_not_ids_are_404_before_any_query() {
        for (String id : List.of("' OR 1=1 --", "x' OR 'a'='a", "a".repeat(129), "alice-chat%00", "..", "%2e%2e")) {
            String path = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
            assertThat(Http.get(URI.create(host.uri("/api/conversations/") + path), alice).statusCode())
                    .as("conversation %s", id).isEqualTo(404);
            assertThat(Http.get(URI.create(host.uri("/api/chat/") + path + "/stream"), alice).statusCode())
                    .as("chat stream %s", id).isIn(404);
        }
        for (String id : List.of("' OR 1=1 --", "not-a-uuid", aliceJob + "0", aliceJob.toUpperCase() + "'",
                "{" + aliceJob + "}", "1")) {
            String path = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
            assertContractError(Http.get(URI.create(host.uri("/api/jobs/") + path), alice), 404, "job_not_found");
            assertContractError(Http.delete(URI.create(host.uri("/api/jobs/") + path), alice), 404, "job_not_found");
        }
        assertThat(status(aliceJob)).isEqualTo("running");
    }

    @Test
    void a_chat_id_that_is_not_an_id_is_refused_and_writes_nothing() {
        long jobs = db.queryLong("SELECT count(*) FROM ai_streaming_jobs");
        for (String id : List.of("' OR 1=1 --", "a".repeat(129), "chat/../x", "")) {
            String body = "{\"id\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(id)
                    + ",\"modelId\":\"demo\",\"messages\":[{\"id\":\"m1\",\"role\":\"user\",\"content\":\"hi\"}]}";
            assertContractError(Http.postJson(host.uri("/api/chat"), alice, body), 422, "invalid_request");
        }
        assertThat(db.queryLong("SELECT count(*) FROM ai_streaming_jobs")).isEqualTo(jobs);
        assertThat(db.queryLong("SELECT count(*) FROM conversations")).isEqualTo(1);
    }

    private String status(String jobId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queryString(
                "SELECT status::text FROM ai_streaming_jobs WHERE id = '" + jobId + "'") != null);
        return db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + jobId + "'");
    }
}
