package org.aistudio.host.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.aistudio.core.job.jdbc.JdbcJobStore;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.PrometheusScrape;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The demo echoes the prompt: 40 words keep the answer streaming for a while. */
    private static final String LONG_PROMPT = "word ".repeat(40).strip();

    private TestDatabase db;
    private RunningHost host;
    private String user;
    private String admin;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        host = RunningHost.start(db, Map.of("aistudio.demo.chunk-delay", "30ms"));
        user = host.token("jobs-user", "user");
        admin = host.token("jobs-admin", "admin");
    }

    @AfterAll
    void stop() {
        host.close();
    }

    private JsonNode jobs() throws Exception {
        HttpResponse<String> response = Http.get(host.managementUri("/jobs"), admin);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> cleanup() {
        return Http.postJson(host.managementUri("/jobs/cleanup"), admin, "{}");
    }

    @Test
    void lists_counts_by_status_and_the_answers_running_here() throws Exception {
        JsonNode before = jobs();
        long completedBefore = before.path("counts").path("completed").asLong();
        assertThat(before.path("counts").fieldNames()).toIterable()
                .containsExactly("pending", "running", "completed", "failed", "cancelled");

        try (SseStream s = Http.openChat(host.uri("/api/chat"), user, ChatBodies.chat("jobs-run", "demo", LONG_PROMPT))) {
            s.until(e -> "text-delta".equals(e.type()));
            String jobId = s.header("x-job-id");
            JsonNode during = jobs();
            assertThat(during.path("counts").path("running").asLong()).isEqualTo(1);
            assertThat(during.path("runningHere").asInt()).isEqualTo(1);
            JsonNode running = during.path("running").get(0);
            assertThat(running.path("id").asText()).isEqualTo(jobId);
            assertThat(running.path("modelId").asText()).isEqualTo("demo");
            assertThat(running.path("provider").asText()).isEqualTo("demo");
            assertThat(running.path("ownerInstance").asText()).isEqualTo(during.path("instance").asText())
                    .isEqualTo(db.queryString("SELECT owner_instance FROM ai_streaming_jobs WHERE id = '" + jobId + "'"));
            assertThat(running.path("ageSeconds").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(running.path("subscribers").asInt()).isEqualTo(1);
            s.readAll();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode after = jobs();
            assertThat(after.path("running").isArray()).isTrue();
            assertThat(after.path("running")).isEmpty();
            assertThat(after.path("counts").path("completed").asLong()).isEqualTo(completedBefore + 1);
        });
    }

    @Test
    void cleanup_removes_expired_rows_and_says_how_many() throws Exception {
        try (SseStream s = Http.openChat(host.uri("/api/chat"), user, ChatBodies.chat("jobs-old", "demo", "Hi"))) {
            s.readAll();
        }
        // Completed jobs are kept for 24 hours: age every ended job past that.
        int aged = db.execute("UPDATE ai_streaming_jobs SET created_at = NOW() - INTERVAL '2 days', "
                + "completed_at = NOW() - INTERVAL '2 days' WHERE status = 'completed'");
        assertThat(aged).isPositive();
        double rowsCountedBefore = cleanupRowsMetric();

        HttpResponse<String> response = cleanup();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("removed").asInt()).isEqualTo(aged);
        assertThat(db.queryLong("SELECT count(*) FROM ai_streaming_jobs WHERE status = 'completed'")).isZero();
        assertThat(cleanupRowsMetric()).isEqualTo(rowsCountedBefore + aged);

        HttpResponse<String> again = cleanup();
        assertThat(JSON.readTree(again.body()).path("removed").asInt()).isZero();
    }

    @Test
    void cleanup_answers_409_while_another_instance_holds_the_lock() throws Exception {
        try (Connection other = db.dataSource().getConnection(); Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + JdbcJobStore.CLEANUP_LOCK_KEY + ")");
            HttpResponse<String> response = cleanup();
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.body()).contains("\"code\":\"cleanup_running\"");
            s.execute("SELECT pg_advisory_unlock(" + JdbcJobStore.CLEANUP_LOCK_KEY + ")");
        }
        assertThat(cleanup().statusCode()).isEqualTo(200);
    }

    @Test
    void an_unknown_operation_is_404() {
        HttpResponse<String> response = Http.postJson(host.managementUri("/jobs/purge-everything"), admin, "{}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"operation_not_found\"");
    }

    private double cleanupRowsMetric() {
        return PrometheusScrape.parse(Http.get(host.managementUri("/prometheus"), admin).body())
                .sum("aistudio_cleanup_rows_total", Map.of());
    }
}
