package org.aistudio.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.aistudio.core.NotFoundException;
import org.aistudio.core.job.NewJob;
import org.aistudio.core.job.jdbc.JdbcJobStore;
import org.aistudio.core.ratelimit.RateLimitDecision.Limit;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.fixtures.time.SettableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobCreationRateLimitTest {

    private TestDatabase db;
    private int demoModel;

    @BeforeAll
    void database() {
        db = EmbeddedDatabase.createDatabase();
        demoModel = (int) db.queryLong("SELECT id FROM ai_models WHERE key = 'demo'");
    }

    @Test
    void concurrent_creations_never_exceed_the_concurrency_limit_and_refusals_write_nothing() throws Exception {
        long user = newUser("racer", "user");
        JobCreationRateLimit guard = guard(RateLimitPolicy.builder().perMinute(100).concurrent(3).build());
        // Two stores on one database: two instances behind a load balancer.
        JdbcJobStore a = new JdbcJobStore(db.dataSource(), guard);
        JdbcJobStore b = new JdbcJobStore(db.dataSource(), guard);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            JdbcJobStore store = i % 2 == 0 ? a : b;
            NewJob job = job(user, "race-" + i);
            calls.add(() -> {
                try {
                    store.create(job);
                    return true;
                } catch (RateLimitExceededException e) {
                    assertThat(e.decision().which()).isEqualTo(Limit.CONCURRENT);
                    return false;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            long created = 0;
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                created += f.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("ai_streaming_jobs WHERE user_id = " + user)).isEqualTo(3);
        assertThat(count("conversations WHERE user_id = " + user)).isEqualTo(3);
        assertThat(count("messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.user_id = " + user))
                .isEqualTo(3);
    }

    @Test
    void the_roles_of_the_users_row_select_the_override() {
        long user = newUser("generous", "pro");
        JdbcJobStore store = new JdbcJobStore(db.dataSource(),
                guard(RateLimitPolicy.builder().perMinute(1).rolePerMinute("pro", 2).concurrent(10).build()));
        store.create(job(user, "pro-1"));
        store.create(job(user, "pro-2"));
        NewJob third = job(user, "pro-3");
        assertThatThrownBy(() -> store.create(third)).isInstanceOf(RateLimitExceededException.class)
                .satisfies(e -> assertThat(((RateLimitExceededException) e).decision().limit()).isEqualTo(2));
        assertThat(count("conversations WHERE id = 'pro-3'")).isZero();
    }

    @Test
    void the_admitting_decision_is_handed_out_once() {
        long user = newUser("headers", "user");
        JobCreationRateLimit guard = guard(RateLimitPolicy.defaults());
        NewJob job = job(user, "decided");
        new JdbcJobStore(db.dataSource(), guard).create(job);
        RateLimitDecision decision = guard.take(job.id()).orElseThrow();
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.remaining()).isEqualTo(9);
        assertThat(guard.take(job.id())).isEmpty();
    }

    @Test
    void a_creation_that_fails_later_in_its_transaction_is_not_counted() {
        long owner = newUser("owner", "user");
        long intruder = newUser("intruder", "user");
        JobCreationRateLimit guard = guard(RateLimitPolicy.defaults());
        JdbcJobStore store = new JdbcJobStore(db.dataSource(), guard);
        store.create(job(owner, "owned"));
        NewJob stolen = job(intruder, "owned");
        assertThatThrownBy(() -> store.create(stolen)).isInstanceOf(NotFoundException.class);
        assertThat(count("rate_limit_windows WHERE user_id = " + intruder)).isZero();
        assertThat(count("ai_streaming_jobs WHERE user_id = " + intruder)).isZero();
        guard.take(stolen.id());
    }

    @Test
    void a_likely_admission_is_judged_from_what_the_last_admission_left_in_both_limits() {
        SettableClock clock = new SettableClock(Instant.parse("2030-01-01T10:00:00Z"));
        JobCreationRateLimit guard = guard(RateLimitPolicy.builder().perMinute(2).concurrent(2).build(), clock);
        JdbcJobStore store = new JdbcJobStore(db.dataSource(), guard);
        long user = newUser("hinted", "user");
        assertThat(guard.likelyAdmits(user)).as("never admitted here").isFalse();

        store.create(job(user, "hint-1"));           // 1 of 2 per minute, 1 of 2 streams: one of each left
        assertThat(guard.likelyAdmits(user)).isTrue();
        assertThat(guard.likelyAdmits(user)).as("the hint used the one left").isFalse();

        store.create(job(user, "hint-2"));           // 2 of 2 streams
        assertThat(guard.likelyAdmits(user)).isFalse();

        long other = newUser("hinted-window", "user");
        store.create(job(other, "hint-3"));
        assertThat(guard.likelyAdmits(other)).isTrue();
        assertThat(guard.likelyAdmits(other)).as("no stream left").isFalse();
        clock.advance(java.time.Duration.ofSeconds(61));
        assertThat(guard.likelyAdmits(other)).as("a new window, but still no stream left").isFalse();

        long refused = newUser("hinted-refused", "user");
        store.create(job(refused, "hint-4"));
        guard.forget(refused);
        assertThat(guard.likelyAdmits(refused)).isFalse();
    }

    @Test
    void a_user_back_after_the_window_is_likely_admitted_with_a_full_minute() {
        SettableClock clock = new SettableClock(Instant.parse("2030-01-01T10:00:00Z"));
        JobCreationRateLimit guard = guard(RateLimitPolicy.builder().perMinute(2).concurrent(5).build(), clock);
        JdbcJobStore store = new JdbcJobStore(db.dataSource(), guard);
        long user = newUser("returning", "user");
        store.create(job(user, "back-1"));
        store.create(job(user, "back-2"));           // 2 of 2 this minute, 3 streams left
        assertThat(guard.likelyAdmits(user)).as("the minute is used up").isFalse();

        clock.advance(java.time.Duration.ofSeconds(61));
        assertThat(guard.likelyAdmits(user)).as("a new window").isTrue();
        assertThat(guard.likelyAdmits(user)).isTrue();
        assertThat(guard.likelyAdmits(user)).as("the new window's two are taken").isFalse();
    }

    @Test
    void a_job_is_admitted_in_one_statement_in_auto_commit_its_insert_counting_under_the_lock() {
        long user = newUser("one-statement", "user");
        JobCreationRateLimit guard = guard(RateLimitPolicy.builder().perMinute(1).concurrent(5).build());
        List<String> sent = new CopyOnWriteArrayList<>();
        JdbcJobStore store = new JdbcJobStore(recording(db.dataSource(), sent), guard);

        NewJob first = job(user, "one-1");
        store.create(first);

        assertThat(sent).as("no transaction of its own: one round trip, its commit included").hasSize(1);
        assertThat(sent.get(0)).contains("rate_limit_active_jobs").contains("INSERT INTO rate_limit_windows")
                .contains("INSERT INTO ai_streaming_jobs");
        assertThat(guard.take(first.id())).hasValueSatisfying(d -> assertThat(d.remaining()).isZero());

        sent.clear();
        NewJob second = job(user, "one-2");
        assertThatThrownBy(() -> store.create(second)).isInstanceOf(RateLimitExceededException.class)
                .satisfies(e -> assertThat(((RateLimitExceededException) e).decision().which())
                        .isEqualTo(Limit.PER_MINUTE));
        assertThat(sent).hasSize(1);
        assertThat(count("conversations WHERE id = 'one-2'")).isZero();
        assertThat(count("messages WHERE message_id = 'u-one-2'")).isZero();
        assertThat(count("ai_streaming_jobs WHERE user_id = " + user)).isEqualTo(1);
        assertThat(db.queryLong("SELECT hits FROM rate_limit_windows WHERE user_id = " + user)).isEqualTo(1);
    }

    @Test
    void an_admission_that_waited_for_the_users_lock_counts_the_job_committed_meanwhile() throws Exception {
        long user = newUser("waiter", "user");
        JdbcJobStore store = new JdbcJobStore(db.dataSource(),
                guard(RateLimitPolicy.builder().perMinute(100).concurrent(1).build()));

        // The other admission inserts a job: the one this user may have.
        Optional<RateLimitDecision> refusal = whileAnotherAdmissionHoldsTheLock(user, "INSERT INTO ai_streaming_jobs "
                + "(user_id, model_id, status, request_data) VALUES (" + user + ", " + demoModel + ", 'running', '{}')",
                store, job(user, "waiter-2"));

        assertThat(refusal).hasValueSatisfying(d -> assertThat(d.which()).isEqualTo(Limit.CONCURRENT));
        assertThat(count("ai_streaming_jobs WHERE user_id = " + user)).isEqualTo(1);
        assertThat(count("conversations WHERE id = 'waiter-2'")).isZero();
        assertThat(count("rate_limit_windows WHERE user_id = " + user)).isZero();
    }

    @Test
    void a_window_committed_while_the_admission_waited_refuses_it_for_a_whole_window() throws Exception {
        long user = newUser("late-window", "user");
        JdbcJobStore store = new JdbcJobStore(db.dataSource(),
                guard(RateLimitPolicy.builder().perMinute(1).concurrent(5).build()));

        // The other admission counts the user's one creation of the minute.
        Optional<RateLimitDecision> refusal = whileAnotherAdmissionHoldsTheLock(user, "INSERT INTO rate_limit_windows "
                + "(user_id, window_start, hits) VALUES (" + user + ", TIMESTAMPTZ '2030-01-01 10:00:00Z', 1)",
                store, job(user, "late-2"));

        // The waiting statement cannot see when that window began: it tells the longest wait.
        assertThat(refusal).hasValueSatisfying(d -> {
            assertThat(d.which()).isEqualTo(Limit.PER_MINUTE);
            assertThat(d.retryAfterSeconds()).isEqualTo(60);
        });
        assertThat(count("conversations WHERE id = 'late-2'")).isZero();
        assertThat(db.queryLong("SELECT hits FROM rate_limit_windows WHERE user_id = " + user)).isEqualTo(1);
    }

    /**
     * Creates {@code job} on another thread while another instance's admission of the user holds
     * the user's lock, having run {@code sql} in its transaction, which commits once the creation's
     * statement has begun and waits for the lock. Returns the creation's refusal, if it was refused.
     */
    private Optional<RateLimitDecision> whileAnotherAdmissionHoldsTheLock(long user, String sql, JdbcJobStore store,
                                                                          NewJob job) throws Exception {
        ExecutorService second = Executors.newSingleThreadExecutor();
        try (Connection holder = db.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT rate_limit_active_jobs(" + JdbcRateLimiter.LOCK_NAMESPACE + ", " + user + ", "
                        + user + ")");
                s.execute(sql);
            }
            Future<Optional<RateLimitDecision>> waiting = second.submit(() -> {
                try {
                    store.create(job);
                    return Optional.<RateLimitDecision>empty();
                } catch (RateLimitExceededException e) {
                    return Optional.of(e.decision());
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> db.queryLong(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 1);
            holder.commit();
            return waiting.get(10, TimeUnit.SECONDS);
        } finally {
            second.shutdownNow();
        }
    }

    /** Connections that add the text of every statement they prepare to {@code sent}. */
    private static DataSource recording(DataSource dataSource, List<String> sent) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("prepareStatement")) {
                                    sent.add((String) a[0]);
                                }
                                return invoke(connection, m, a);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private JobCreationRateLimit guard(RateLimitPolicy policy) {
        return guard(policy, new SettableClock(Instant.parse("2030-01-01T10:00:00Z")));
    }

    private JobCreationRateLimit guard(RateLimitPolicy policy, SettableClock clock) {
        return new JobCreationRateLimit(new JdbcRateLimiter(db.dataSource(), policy, clock));
    }

    private NewJob job(long user, String conversation) {
        return new NewJob(UUID.randomUUID(), user, conversation, "title", demoModel, "demo", "{}", "u-" + conversation,
                "hello", "[]", null);
    }

    private long newUser(String subject, String role) {
        return db.queryLong("INSERT INTO users (subject, roles) VALUES ('" + subject + "-" + System.nanoTime()
                + "', ARRAY['" + role + "']) RETURNING id");
    }

    private long count(String fromWhere) {
        return db.queryLong("SELECT count(*) FROM " + fromWhere);
    }

}
