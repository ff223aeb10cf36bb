package org.aistudio.host.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aistudio.core.provider.ScriptedProvider.Script;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.ScriptedProviders;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every way a job ends, over real HTTP, with two host instances sharing one database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobLifecycleOverHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestDatabase db;
    private RunningHost first;
    private RunningHost second;
    private String token;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        ScriptedProviders.addModel(db, "scripted", null, null);
        ScriptedProviders.addModel(db, "scripted-impatient", null, 400);
        Map<String, Object> props = Map.of("test.scripted", "true", "aistudio.stream.keepalive", "200ms",
                "aistudio.jobs.checkpoint-interval", "50ms", "aistudio.jobs.tail-poll-interval", "50ms");
        first = RunningHost.start(db, props);
        second = RunningHost.start(db, props);
        token = first.token("bob", "user");
    }

    @AfterAll
    void stop() {
        first.close();
        second.close();
    }

    private String status(String jobId) {
        return db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + jobId + "'");
    }

    private String partial(String jobId) {
        return db.queryString("SELECT partial_content FROM ai_streaming_jobs WHERE id = '" + jobId + "'");
    }

    @Test
    void client_disconnect_mid_stream_still_completes_and_saves_the_answer() {
        ScriptedProviders.PROVIDER.enqueue(Script.answer(Duration.ofMillis(40), "one ", "two ", "three ", "four ", "five"));
        String jobId;
        try (SseStream stream = Http.openChat(first.uri("/api/chat"), token, ChatBodies.chat("c-disconnect", "scripted", "go"))) {
            jobId = stream.header("x-job-id");
            stream.until(e -> "text-delta".equals(e.type()));
        }
        await().atMost(WAIT).until(() -> "completed".equals(status(jobId)));
        assertThat(db.queryString("SELECT content FROM messages WHERE job_id = '" + jobId + "'"))
                .isEqualTo("one two three four five");
    }

    @Test
    void cancel_aborts_upstream_keeps_the_partial_and_a_second_cancel_is_409() {
        ScriptedProviders.PROVIDER.enqueue(Script.stallAfter("so far "));
        int cancelsBefore = ScriptedProviders.PROVIDER.cancels();
        try (SseStream stream = Http.openChat(first.uri("/api/chat"), token, ChatBodies.chat("c-cancel", "scripted", "go"))) {
            String jobId = stream.header("x-job-id");
            stream.until(e -> "text-delta".equals(e.type()));

            HttpResponse<String> cancel = Http.delete(first.uri("/api/jobs/" + jobId), token);
            assertThat(cancel.statusCode()).isEqualTo(202);

            assertThat(stream.until(e -> "abort".equals(e.type()))).isNotNull();
            assertThat(stream.next().done()).isTrue();
            await().atMost(WAIT).until(() -> "cancelled".equals(status(jobId)));
            assertThat(ScriptedProviders.PROVIDER.cancels()).isGreaterThan(cancelsBefore);
            assertThat(partial(jobId)).isEqualTo("so far ");
            HttpResponse<String> again = Http.delete(first.uri("/api/jobs/" + jobId), token);
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.body()).contains("\"code\":\"job_already_ended\"");
        }
    }

    @Test
    void resume_on_the_same_instance_and_on_another_instance() {
        ScriptedProviders.PROVIDER.enqueue(Script.answer(Duration.ofMillis(150), "a1 ", "a2 ", "a3 ", "a4 ", "a5 ", "a6 ", "a7 ", "a8 ", "a9 ",
                "a10"));
        String jobId;
        String lastId;
        try (SseStream stream = Http.openChat(first.uri("/api/chat"), token, ChatBodies.chat("c-resume", "scripted", "go"))) {
            jobId = stream.header("x-job-id");
            lastId = stream.until(e -> "text-delta".equals(e.type())).id();
        }
        try (SseStream sameInstance = Http.openGet(first.uri("/api/chat/c-resume/stream"), token, Long.parseLong(lastId));
             SseStream otherInstance = Http.openGet(second.uri("/api/chat/c-resume/stream"), token, null)) {
            assertThat(sameInstance.status()).isEqualTo(200);
            assertThat(otherInstance.header("x-job-id")).isEqualTo(jobId);
            List<SseStream.Event> resumed = sameInstance.readAll();
            assertThat(resumed.get(0).id()).isEqualTo(Long.toString(Long.parseLong(lastId) + 1));
            assertThat("a1 " + sameInstance.text()).isEqualTo("a1 a2 a3 a4 a5 a6 a7 a8 a9 a10");
            otherInstance.readAll();
            assertThat(otherInstance.text()).isEqualTo("a1 a2 a3 a4 a5 a6 a7 a8 a9 a10");
            assertThat(otherInstance.events()).anyMatch(e -> "finish".equals(e.type()));
        }
        HttpResponse<String> nothingRunning = Http.get(second.uri("/api/chat/c-resume/stream"), token);
        assertThat(nothingRunning.statusCode()).isEqualTo(204);
        HttpResponse<String> job = Http.get(second.uri("/api/jobs/" + jobId), token);
        assertThat(job.body()).contains("\"status\":\"completed\"").contains("\"partialContent\":\"a1 a2 a3 a4 a5 a6 a7 a8 a9 a10\"");
    }

    @Test
    void a_stalled_upstream_ends_failed_on_the_idle_timeout_never_completed() {
        ScriptedProviders.PROVIDER.enqueue(Script.stallAfter("started "));
        try (SseStream stream = Http.openChat(first.uri("/api/chat"), token,
                ChatBodies.chat("c-stall", "scripted-impatient", "go"))) {
            String jobId = stream.header("x-job-id");
            SseStream.Event error = stream.until(e -> "error".equals(e.type()));
            assertThat(error.json().path("errorText").asText()).contains("timeout");
            assertThat(stream.events()).noneMatch(e -> "finish".equals(e.type()));
            await().atMost(WAIT).until(() -> "failed".equals(status(jobId)));
            assertThat(partial(jobId)).isEqualTo("started ");
        }
    }

    @Test
    void a_silent_upstream_gets_keep_alive_comments_until_it_speaks() {
        ScriptedProviders.PROVIDER.enqueue(Script.stallAfter());
        try (SseStream stream = Http.openChat(first.uri("/api/chat"), token, ChatBodies.chat("c-silent", "scripted", "go"))) {
            String jobId = stream.header("x-job-id");
            stream.until(e -> "keep-alive".equals(e.comment()));
            stream.until(e -> "keep-alive".equals(e.comment()));
            Http.delete(first.uri("/api/jobs/" + jobId), token);
            stream.until(e -> "abort".equals(e.type()));
        }
    }

    @Test
    void another_users_job_and_stream_are_not_found() {
        try (SseStream stream = Http.openChat(first.uri("/api/chat"), token, ChatBodies.chat("c-private", "scripted", "go"))) {
            String jobId = stream.header("x-job-id");
            stream.readAll();
            String mallory = first.token("mallory", "user");
            assertThat(Http.get(first.uri("/api/jobs/" + jobId), mallory).statusCode()).isEqualTo(404);
            assertThat(Http.get(first.uri("/api/jobs/" + jobId + "/stream"), mallory).statusCode()).isEqualTo(404);
            assertThat(Http.delete(first.uri("/api/jobs/" + jobId), mallory).statusCode()).isEqualTo(404);
            assertThat(Http.get(first.uri("/api/conversations/c-private"), mallory).statusCode()).isEqualTo(404);
        }
    }
}
