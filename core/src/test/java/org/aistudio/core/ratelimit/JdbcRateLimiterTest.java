package org.aistudio.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aistudio.core.ratelimit.RateLimitDecision.Limit;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.fixtures.time.SettableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcRateLimiterTest {

    private static final Instant START = Instant.parse("2030-01-01T10:00:20.250Z");

    private TestDatabase db;

    @BeforeAll
    void database() {
        db = EmbeddedDatabase.createDatabase();
    }

    @Test
    void the_eleventh_creation_in_a_minute_is_refused_until_the_window_has_passed() {
        long user = newUser("minute");
        SettableClock clock = new SettableClock(START);
        JdbcRateLimiter limiter = new JdbcRateLimiter(db.dataSource(), RateLimitPolicy.defaults(), clock);

        for (int i = 1; i <= 10; i++) {
            RateLimitDecision d = limiter.acquire(user, Set.of("user"));
            assertThat(d.allowed()).isTrue();
            assertThat(d.which()).isEqualTo(Limit.PER_MINUTE);
            assertThat(d.limit()).isEqualTo(10);
            assertThat(d.remaining()).isEqualTo(10 - i);
            assertThat(d.resetEpochSeconds()).isEqualTo(START.plusSeconds(60).getEpochSecond() + 1);
            clock.advance(Duration.ofSeconds(1));
        }
        RateLimitDecision refused = limiter.acquire(user, Set.of("user"));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        // 10 s of the window went by: 50 s are left.
        assertThat(refused.retryAfterSeconds()).isEqualTo(50);
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.acquire(user, Set.of("user")).retryAfterSeconds()).as("rounded up").isEqualTo(50);
        assertThat(hits(user)).isEqualTo(10);

        clock.set(START.plus(RateLimitPolicy.WINDOW));
        RateLimitDecision fresh = limiter.acquire(user, Set.of("user"));
        assertThat(fresh.allowed()).isTrue();
        assertThat(fresh.remaining()).isEqualTo(9);
        assertThat(db.queryLong("SELECT count(*) FROM rate_limit_windows WHERE user_id = " + user))
                .as("the window is restarted in place, not added").isEqualTo(1);
    }

    @Test
    void refused_requests_are_not_counted() {
        long user = newUser("refused");
        SettableClock clock = new SettableClock(START);
        JdbcRateLimiter limiter = new JdbcRateLimiter(db.dataSource(),
                RateLimitPolicy.builder().perMinute(2).build(), clock);
        limiter.acquire(user, Set.of());
        limiter.acquire(user, Set.of());
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire(user, Set.of()).allowed()).isFalse();
        }
        assertThat(hits(user)).isEqualTo(2);
    }

    @Test
    void a_role_override_raises_the_limit() {
        long user = newUser("pro");
        JdbcRateLimiter limiter = new JdbcRateLimiter(db.dataSource(),
                RateLimitPolicy.builder().perMinute(2).rolePerMinute("pro", 4).build(), new SettableClock(START));
        List<Boolean> allowed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            allowed.add(limiter.acquire(user, Set.of("user", "pro")).allowed());
        }
        assertThat(allowed).containsExactly(true, true, true, true, false);
    }

    @Test
    void running_and_pending_jobs_count_against_the_concurrency_limit() {
        long user = newUser("streams");
        JdbcRateLimiter limiter = new JdbcRateLimiter(db.dataSource(),
                RateLimitPolicy.builder().perMinute(100).concurrent(2).build(), new SettableClock(START));
        insertJob(user, "running");
        insertJob(user, "completed");
        assertThat(limiter.acquire(user, Set.of()).allowed()).isTrue();
        String pending = insertJob(user, "pending");

        RateLimitDecision refused = limiter.acquire(user, Set.of());
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.which()).isEqualTo(Limit.CONCURRENT);
        assertThat(refused.limit()).isEqualTo(2);
        assertThat(refused.retryAfterSeconds()).isEqualTo(5);
        assertThat(refused.resetEpochSeconds()).isEqualTo(START.getEpochSecond() + 5);
        assertThat(hits(user)).as("a refusal by concurrency costs no creation").isEqualTo(1);

        db.execute("UPDATE ai_streaming_jobs SET status = 'cancelled' WHERE id = '" + pending + "'");
        assertThat(limiter.acquire(user, Set.of()).allowed()).isTrue();
    }

    @Test
    void concurrent_checks_on_many_connections_allow_exactly_the_limit() throws Exception {
        long user = newUser("race");
        JdbcRateLimiter limiter = new JdbcRateLimiter(db.dataSource(), RateLimitPolicy.defaults(),
                new SettableClock(START));
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            calls.add(() -> limiter.acquire(user, Set.of()).allowed());
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            long allowed = 0;
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                allowed += f.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(10);
            assertThat(hits(user)).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    long newUser(String subject) {
        return db.queryLong("INSERT INTO users (subject) VALUES ('" + subject + "-" + System.nanoTime()
                + "') RETURNING id");
    }

    String insertJob(long user, String status) {
        return db.queryString("INSERT INTO ai_streaming_jobs (user_id, model_id, status, request_data) "
                + "SELECT " + user + ", id, '" + status + "', '{}' FROM ai_models WHERE key = 'demo' RETURNING id");
    }

    private long hits(long user) {
        return db.queryLong("SELECT hits FROM rate_limit_windows WHERE user_id = " + user);
    }
}
