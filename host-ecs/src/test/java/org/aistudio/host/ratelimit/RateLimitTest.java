package org.aistudio.host.ratelimit;

import static org.aistudio.host.security.ErrorBodies.assertContractError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Two hosts on one database, as two instances behind the load balancer: the limits hold per
 * user across both, refusals are 429 with Retry-After and write nothing, and admitted chats say
 * how much is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest {

    private TestDatabase db;
    private RunningHost a;
    private RunningHost b;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        // Answers take about 40 s, so that every admitted job is still running when the next one asks.
        // Role "burst" lifts the concurrency limit, so per-minute tests are not refused for concurrency.
        Map<String, Object> config = Map.of("aistudio.demo.chunk-delay", "1s",
                "aistudio.rate-limit.per-minute", 10, "aistudio.rate-limit.concurrent", 3,
                "aistudio.rate-limit.roles.burst.concurrent", 100,
                "aistudio.rate-limit.roles.pro.per-minute", 12);
        a = RunningHost.start(db, config);
        b = RunningHost.start(db, config);
    }

    @AfterAll
    void stop() {
        db.execute("UPDATE ai_streaming_jobs SET status = 'cancelled', completed_at = NOW() "
                + "WHERE status IN ('pending', 'running')");
        a.close();
        b.close();
    }

    @Test
    void the_eleventh_creation_in_a_minute_is_429_whichever_host_it_reaches() {
        String token = a.token("carol", "user", "burst");
        long before = Instant.now().getEpochSecond();
        for (int i = 0; i < 10; i++) {
            RunningHost host = i % 2 == 0 ? a : b;
            try (SseStream stream = Http.openChat(host.uri("/api/chat"), token, ChatBodies.chat("carol-" + i, "demo", "hi"))) {
                assertThat(stream.status()).as("creation %d", i + 1).isEqualTo(200);
                assertThat(stream.header("x-ratelimit-limit")).isEqualTo("10");
                assertThat(stream.header("x-ratelimit-remaining")).isEqualTo(Integer.toString(9 - i));
                assertThat(Long.parseLong(stream.header("x-ratelimit-reset"))).isBetween(before + 1, before + 120);
            }
        }
        for (RunningHost host : List.of(b, a)) {
            HttpResponse<String> refused = Http.postJson(host.uri("/api/chat"), token,
                    ChatBodies.chat("carol-over", "demo", "one too many"));
            assertContractError(refused, 429, "rate_limited");
            assertThat(Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 60L);
            assertThat(refused.headers().firstValue("x-ratelimit-limit")).contains("10");
            assertThat(refused.headers().firstValue("x-ratelimit-remaining")).contains("0");
            assertThat(refused.headers().firstValue("x-ratelimit-reset")).isPresent();
        }
        assertThat(jobsOf("carol")).isEqualTo(10);
        assertNothingWrittenFor("carol-over");
    }

    @Test
    void a_burst_across_both_hosts_admits_exactly_the_limit() throws Exception {
        String token = a.token("dave", "user", "burst");
        assertThat(statuses(token, "dave", 16)).containsOnly(200, 429).filteredOn(s -> s == 200).hasSize(10);
        assertThat(jobsOf("dave")).isEqualTo(10);
    }

    @Test
    void the_fourth_concurrent_stream_is_429_until_one_ends() {
        String token = a.token("erin", "user");
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RunningHost host = i % 2 == 0 ? a : b;
            try (SseStream stream = Http.openChat(host.uri("/api/chat"), token, ChatBodies.chat("erin-" + i, "demo", "hi"))) {
                assertThat(stream.status()).isEqualTo(200);
                jobs.add(stream.header("x-job-id"));
            }
        }
        HttpResponse<String> refused = Http.postJson(b.uri("/api/chat"), token, ChatBodies.chat("erin-4th", "demo", "hi"));
        assertContractError(refused, 429, "rate_limited");
        assertThat(refused.headers().firstValue("retry-after")).contains("5");
        assertThat(refused.headers().firstValue("x-ratelimit-limit")).contains("3");
        assertThat(refused.headers().firstValue("x-ratelimit-remaining")).contains("0");
        assertNothingWrittenFor("erin-4th");

        assertThat(Http.delete(a.uri("/api/jobs/" + jobs.get(0)), token).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "cancelled".equals(
                db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + jobs.get(0) + "'")));
        try (SseStream stream = Http.openChat(b.uri("/api/chat"), token, ChatBodies.chat("erin-4th", "demo", "hi"))) {
            assertThat(stream.status()).isEqualTo(200);
        }
    }

    @Test
    void racing_streams_across_both_hosts_admit_exactly_the_concurrency_limit() throws Exception {
        String token = a.token("frank", "user");
        assertThat(statuses(token, "frank", 8)).filteredOn(s -> s == 200).hasSize(3);
        assertThat(jobsOf("frank")).isEqualTo(3);
    }

    @Test
    void a_role_override_raises_the_per_minute_limit() {
        String token = a.token("grace", "user", "pro", "burst");
        for (int i = 0; i < 12; i++) {
            try (SseStream stream = Http.openChat((i % 2 == 0 ? a : b).uri("/api/chat"), token,
                    ChatBodies.chat("grace-" + i, "demo", "hi"))) {
                assertThat(stream.status()).as("creation %d", i + 1).isEqualTo(200);
                assertThat(stream.header("x-ratelimit-limit")).isEqualTo("12");
            }
        }
        assertContractError(Http.postJson(a.uri("/api/chat"), token, ChatBodies.chat("grace-13", "demo", "hi")),
                429, "rate_limited");
    }

    @Test
    void nonsense_limits_stop_the_host_at_start_up() {
        assertThatThrownBy(() -> RunningHost.start(db, Map.of("aistudio.rate-limit.roles.trial.per-minute", 0)))
                .hasStackTraceContaining("per-minute limit of role 'trial' must be at least 1");
    }

    /** Sends {@code n} chats at once, alternating hosts, and returns their statuses. */
    private List<Integer> statuses(String token, String prefix, int n) throws Exception {
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RunningHost host = i % 2 == 0 ? a : b;
            String body = ChatBodies.chat(prefix + "-" + i, "demo", "hi");
            calls.add(() -> {
                try (SseStream stream = Http.openChat(host.uri("/api/chat"), token, body)) {
                    return stream.status();
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private long jobsOf(String subject) {
        return db.queryLong("SELECT count(*) FROM ai_streaming_jobs j JOIN users u ON u.id = j.user_id "
                + "WHERE u.subject = '" + subject + "'");
    }

    private void assertNothingWrittenFor(String chatId) {
        assertThat(db.queryLong("SELECT count(*) FROM conversations WHERE id = '" + chatId + "'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM messages WHERE conversation_id = '" + chatId + "'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM ai_streaming_jobs WHERE conversation_id = '" + chatId + "'")).isZero();
    }
}
