package org.aistudio.host.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.aistudio.core.job.JobObserver;
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

/**
 * Real chats against the demo provider: two complete, one is cancelled through the API and one
 * fails (a model whose idle timeout is shorter than the demo's pause between chunks); the
 * Prometheus scrape on the management port then shows each with its provider and model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusMetricsTest {

    private static final Map<String, String> DEMO = Map.of("provider", "demo", "model", "demo");
    private static final Map<String, String> FLAKY = Map.of("provider", "demo", "model", "demo-flaky");
    /** 100 words: the demo echoes them, so the answer streams long enough to be cancelled. */
    private static final String LONG_PROMPT = "word ".repeat(40).strip();

    private TestDatabase db;
    private RunningHost host;
    private String user;
    private String admin;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        db.execute("INSERT INTO ai_models (key, name, provider, provider_model_id, max_tokens, idle_timeout_ms) "
                + "VALUES ('demo-flaky', 'Demo that times out', 'demo', 'demo-1', 50, 1)");
        host = RunningHost.start(db, Map.of("aistudio.demo.chunk-delay", "30ms"));
        user = host.token("metrics-user", "user");
        admin = host.token("metrics-admin", "admin");
        runChats();
    }

    @AfterAll
    void stop() {
        host.close();
    }

    private void runChats() {
        for (String chat : new String[] {"m-done-1", "m-done-2"}) {
            try (SseStream s = Http.openChat(host.uri("/api/chat"), user, ChatBodies.chat(chat, "demo", "Hi"))) {
                assertThat(s.readAll().get(s.events().size() - 2).type()).isEqualTo("finish");
            }
        }
        try (SseStream s = Http.openChat(host.uri("/api/chat"), user, ChatBodies.chat("m-cancel", "demo", LONG_PROMPT))) {
            s.until(e -> "text-delta".equals(e.type()));
            HttpResponse<String> cancel = Http.delete(host.uri("/api/jobs/" + s.header("x-job-id")), user);
            assertThat(cancel.statusCode()).isEqualTo(202);
            s.readAll();
        }
        try (SseStream s = Http.openChat(host.uri("/api/chat"), user, ChatBodies.chat("m-fail", "demo-flaky", "Hi"))) {
            assertThat(s.readAll().stream().map(SseStream.Event::type)).contains("error");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> scrape().sum("aistudio_jobs_cancelled_total", DEMO) == 1
                && scrape().sum("aistudio_jobs_failed_total", FLAKY) == 1);
    }

    private PrometheusScrape scrape() {
        HttpResponse<String> response = Http.get(host.managementUri("/prometheus"), admin);
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusScrape.parse(response.body());
    }

    @Test
    void job_counters_carry_provider_and_model_with_the_right_counts() {
        PrometheusScrape m = scrape();
        assertThat(m.sum("aistudio_jobs_started_total", DEMO)).isEqualTo(3);
        assertThat(m.sum("aistudio_jobs_started_total", FLAKY)).isEqualTo(1);
        assertThat(m.sum("aistudio_jobs_completed_total", DEMO)).isEqualTo(2);
        assertThat(m.sum("aistudio_jobs_cancelled_total", DEMO)).isEqualTo(1);
        assertThat(m.sum("aistudio_jobs_failed_total", DEMO)).isZero();
        assertThat(m.sum("aistudio_jobs_failed_total", Map.of("provider", "demo", "model", "demo-flaky",
                "error", "timeout"))).isEqualTo(1);
        assertThat(m.sum("aistudio_jobs_completed_total", FLAKY)).isZero();
    }

    @Test
    void latencies_are_histograms_per_model() {
        PrometheusScrape m = scrape();
        assertThat(m.sum("aistudio_jobs_processing_latency_seconds_count", DEMO)).isEqualTo(2);
        assertThat(m.sum("aistudio_jobs_processing_latency_seconds_sum", DEMO)).isPositive();
        assertThat(m.sum("aistudio_jobs_time_to_first_token_seconds_count", DEMO)).isEqualTo(3);
        assertThat(m.sum("aistudio_jobs_time_to_first_token_seconds_count", FLAKY)).isEqualTo(1);
        assertThat(m.samples("aistudio_jobs_time_to_first_token_seconds_bucket", DEMO))
                .extracting(s -> s.labels().get("le")).contains("0.1", "1.0", "+Inf");
        assertThat(m.sum("aistudio_jobs_time_to_first_token_seconds_bucket",
                Map.of("provider", "demo", "model", "demo", "le", "+Inf"))).isEqualTo(3);
    }

    @Test
    void tokens_are_counted_per_model() {
        PrometheusScrape m = scrape();
        // The demo counts the prompt's words as input and one token per streamed word as output.
        assertThat(m.sum("aistudio_tokens_in_total", DEMO)).isGreaterThanOrEqualTo(2);
        assertThat(m.sum("aistudio_tokens_out_total", DEMO)).isGreaterThan(20);
    }

    @Test
    void executors_are_not_timed_task_by_task() {
        // The executor binder wraps every task in timers; the streaming path runs several per answer.
        PrometheusScrape m = scrape();
        assertThat(m.has("executor_completed_tasks_total")).isFalse();
        assertThat(m.has("jvm_memory_used_bytes")).isTrue();
    }

    @Test
    void active_streams_is_back_to_zero() {
        assertThat(scrape().sum("aistudio_streams_active", Map.of())).isZero();
    }

    @Test
    void heartbeat_delays_and_lost_answers_are_exported_under_their_names() {
        JobObserver observer = host.bean(JobObserver.class);
        double before = scrape().sum("aistudio_jobs_heartbeat_delay_seconds_count", Map.of());
        observer.heartbeatsWritten(Duration.ofSeconds(31));
        observer.staleJobsFailed(3);
        PrometheusScrape m = scrape();
        assertThat(m.sum("aistudio_jobs_heartbeat_delay_seconds_count", Map.of())).isEqualTo(before + 1);
        assertThat(m.sum("aistudio_jobs_heartbeat_delay_seconds_max", Map.of())).isEqualTo(31.0);
        assertThat(m.sum("aistudio_jobs_lost_total", Map.of())).isEqualTo(3);
    }

    @Test
    void retries_fallbacks_and_rate_limits_are_exported_under_their_names() {
        StreamingMetrics metrics = host.bean(StreamingMetrics.class);
        metrics.retry("openai", "gpt-4o");
        metrics.fallback("openai", "gpt-4o", "gpt-4o-mini");
        metrics.rateLimited("per_minute");
        PrometheusScrape m = scrape();
        assertThat(m.sum("aistudio_provider_retries_total", Map.of("provider", "openai", "model", "gpt-4o")))
                .isEqualTo(1);
        assertThat(m.sum("aistudio_provider_fallbacks_total", Map.of("provider", "openai", "model", "gpt-4o",
                "to_model", "gpt-4o-mini"))).isEqualTo(1);
        assertThat(m.sum("aistudio_ratelimit_rejections_total", Map.of("limit", "per_minute"))).isEqualTo(1);
    }
}
