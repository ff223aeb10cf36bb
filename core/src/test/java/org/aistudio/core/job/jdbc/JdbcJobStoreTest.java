package org.aistudio.core.job.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.aistudio.core.job.AbstractJobStoreContractTest;
import org.aistudio.core.job.Checkpoint;
import org.aistudio.core.job.Job;
import org.aistudio.core.job.JobEngine;
import org.aistudio.core.job.JobOutcome;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.job.JobStore;
import org.aistudio.core.job.NewJob;
import org.aistudio.core.ratelimit.JdbcRateLimiter;
import org.aistudio.core.ratelimit.JobCreationRateLimit;
import org.aistudio.core.ratelimit.RateLimitPolicy;
import org.aistudio.core.user.UserStore;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.junit.jupiter.api.Test;

class JdbcJobStoreTest extends AbstractJobStoreContractTest {

    private static final TestDatabase DB = EmbeddedDatabase.createDatabase();
    private static final JdbcJobStore STORE = new JdbcJobStore(DB.dataSource());
    private static final UserStore USERS = new UserStore(DB.dataSource());
    /** The built-in model, the same in every database made from the migrated template. */
    private static final int DEMO_MODEL = (int) DB.queryLong("SELECT id FROM ai_models WHERE key = 'demo'");

    @Override
    protected JobStore store() {
        return STORE;
    }

    @Override
    protected long newUser() {
        return USERS.idOf("user-" + UUID.randomUUID(), Set.of("user"));
    }

    @Override
    protected int modelId() {
        return DEMO_MODEL;
    }

    @Override
    protected String modelKey() {
        return "demo";
    }

    @Override
    protected void makeStale(UUID jobId, Duration age) {
        DB.execute("UPDATE ai_streaming_jobs SET heartbeat_at = NOW() - INTERVAL '" + age.toSeconds()
                + " seconds' WHERE id = '" + jobId + "'");
    }

    @Test
    void finishing_writes_the_assistant_message_with_usage_and_cost_in_the_same_transaction() {
        Job job = running(newUser());
        STORE.finish(job.id(), outcome(JobStatus.COMPLETED, "the answer"));

        assertThat(DB.queryString("SELECT content || '|' || input_tokens || '|' || output_tokens || '|' || cost || '|' "
                + "|| finish_reason || '|' || status FROM messages WHERE job_id = '" + job.id() + "'"))
                .isEqualTo("the answer|3|4|0.000123|stop|completed");
        assertThat(DB.queryString("SELECT response_data->>'finishReason' FROM ai_streaming_jobs WHERE id = '"
                + job.id() + "'")).isEqualTo("stop");
    }

    @Test
    void a_swept_job_leaves_a_failed_assistant_message_with_its_partial_content() {
        Job job = running(newUser());
        STORE.checkpoint(List.of(new Checkpoint(job.id(), "half an ans", "{}")));
        makeStale(job.id(), Duration.ofMinutes(5));

        assertThat(STORE.failStale(Duration.ofSeconds(60), JobEngine.INSTANCE_LOST, 100, List.of())).contains(job.id());

        assertThat(DB.queryString("SELECT role || '|' || message_id || '|' || content || '|' || status || '|' || model_id "
                + "|| '|' || conversation_id FROM messages WHERE job_id = '" + job.id() + "'"))
                .isEqualTo("assistant|" + JobEngine.messageId(job.id()) + "|half an ans|failed|" + DEMO_MODEL + "|"
                        + job.conversationId());
    }

    @Test
    void starting_in_another_users_conversation_writes_no_message_and_leaves_the_conversation_alone() {
        long owner = newUser();
        long intruder = newUser();
        STORE.start(newJob(owner, "conv-guarded"), "instance-a");
        String before = DB.queryString("SELECT updated_at || '|' || model_id FROM conversations WHERE id = 'conv-guarded'");
        var attempt = new org.aistudio.core.job.NewJob(UUID.randomUUID(), intruder, "conv-guarded", "t", modelId(),
                modelKey(), "{}", "intruder-message", "not yours", "[]", null);
        assertThatThrownBy(() -> STORE.start(attempt, "instance-b"))
                .isInstanceOf(org.aistudio.core.NotFoundException.class);
        assertThat(DB.queryLong("SELECT count(*) FROM messages WHERE conversation_id = 'conv-guarded'")).isEqualTo(1);
        assertThat(DB.queryString("SELECT updated_at || '|' || model_id FROM conversations WHERE id = 'conv-guarded'"))
                .isEqualTo(before);
        assertThat(DB.queryLong("SELECT count(*) FROM ai_streaming_jobs WHERE user_id = " + intruder)).isZero();
    }

    @Test
    void the_same_user_message_is_stored_once_per_conversation() {
        long user = newUser();
        var first = newJob(user, "conv-dedupe");
        STORE.create(first);
        STORE.create(new org.aistudio.core.job.NewJob(UUID.randomUUID(), user, "conv-dedupe", "t", modelId(), modelKey(), "{}",
                first.userMessageId(), "hello", "[]", null));
        assertThat(DB.queryLong("SELECT count(*) FROM messages WHERE conversation_id = 'conv-dedupe'")).isEqualTo(1);
    }

    @Test
    void starting_a_job_on_a_kept_connection_takes_no_extra_round_trip() throws Exception {
        // The driver prepares a statement on the server at its fifth use on a connection, and from
        // then on sends a lone Sync and waits for it before any statement whose rows it cannot
        // bound in size (one with a text column). A pool keeps connections, so the admission's
        // insert must not be such a statement.
        try (Connection kept = DB.dataSource().getConnection(); DriverWatch driver = new DriverWatch()) {
            DataSource one = oneConnection(kept);
            // Without a guard, and with the rate limits' gate in the insert, as the host runs it.
            List<JdbcJobStore> stores = List.of(new JdbcJobStore(one), new JdbcJobStore(one,
                    new JobCreationRateLimit(new JdbcRateLimiter(one,
                            RateLimitPolicy.builder().perMinute(100).concurrent(100).build(), Clock.systemUTC()))));
            long user = newUser();
            for (JdbcJobStore store : stores) {
                for (int i = 0; i < 4; i++) {
                    store.start(newJob(user, "conv-kept-" + UUID.randomUUID()), "instance-k");
                }
            }
            driver.start();
            for (JdbcJobStore store : stores) {
                for (int i = 4; i < 10; i++) {
                    Job job = store.start(newJob(user, "conv-kept-" + UUID.randomUUID()), "instance-k");
                    assertThat(STORE.findForUser(job.id(), user)).contains(job);
                }
            }
            assertThat(driver.lines("Forcing Sync")).isEmpty();

            // The control: on the same connection, a statement like the insert (a timestamp among
            // its parameters, so the driver has it described) with a text column back is preceded
            // by the Sync, so the watch above would have seen one.
            for (int i = 0; i < 10; i++) {
                try (PreparedStatement ps = kept.prepareStatement("SELECT (?::timestamptz)::text");
                     ResultSet rs = bind(ps, Instant.EPOCH.plusSeconds(i)).executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            assertThat(driver.lines("Forcing Sync")).isNotEmpty();
        }
    }

    @Test
    void starting_and_finishing_a_job_are_one_round_trip_each_commits_included() throws Exception {
        long user = newUser();
        try (Connection kept = DB.dataSource().getConnection()) {
            DataSource one = oneConnection(kept);
            JdbcJobStore limited = new JdbcJobStore(one, new JobCreationRateLimit(new JdbcRateLimiter(one,
                    RateLimitPolicy.builder().perMinute(100).concurrent(100).build(), Clock.systemUTC())));
            for (JdbcJobStore store : List.of(new JdbcJobStore(one), limited)) {
                NewJob rows = newJob(user, "conv-trips-" + UUID.randomUUID());
                JobOutcome answer = outcome(JobStatus.COMPLETED, "the answer");
                Job job;
                try (DriverWatch driver = new DriverWatch()) {
                    driver.start();
                    job = store.start(rows, "instance-t");
                    // The driver ends every exchange it waits on with a Sync: one Sync, one round trip.
                    assertThat(driver.lines(" FE=> Sync")).hasSize(1);
                }
                try (DriverWatch driver = new DriverWatch()) {
                    driver.start();
                    assertThat(store.finish(job.id(), answer)).isTrue();
                    assertThat(driver.lines(" FE=> Sync")).hasSize(1);
                }
                assertThat(DB.queryString("SELECT status || '|' || content FROM messages WHERE job_id = '" + job.id()
                        + "'")).isEqualTo("completed|the answer");
                assertThat(store.finish(job.id(), outcome(JobStatus.FAILED, "late"))).as("ended once").isFalse();
                assertThat(DB.queryLong("SELECT count(*) FROM messages WHERE job_id = '" + job.id() + "'"))
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void a_batch_of_checkpoints_is_one_statement_however_many_jobs_it_holds() throws Exception {
        long user = newUser();
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(running(user));
        }
        assertThat(STORE.finish(jobs.get(4).id(), outcome(JobStatus.COMPLETED, "done"))).isTrue();
        List<Checkpoint> batch = new ArrayList<>();
        for (Job job : jobs) {
            // Quotes, backslashes, braces and commas: what an array's text form must escape.
            batch.add(new Checkpoint(job.id(), "say \"hi\", {then} \\ " + job.id(), "{\"tokensSoFar\":3}"));
        }
        try (Connection kept = DB.dataSource().getConnection(); DriverWatch driver = new DriverWatch()) {
            JdbcJobStore store = new JdbcJobStore(oneConnection(kept));
            driver.start();
            assertThat(store.checkpoint(batch)).containsExactly(jobs.get(4).id());
            assertThat(driver.lines(" FE=> Execute")).hasSize(1);
        }
        for (Job job : jobs.subList(0, 4)) {
            Job stored = STORE.find(job.id()).orElseThrow();
            assertThat(stored.partialContent()).isEqualTo("say \"hi\", {then} \\ " + job.id());
            assertThat(DB.queryString("SELECT progress_info->>'tokensSoFar' FROM ai_streaming_jobs WHERE id = '"
                    + job.id() + "'")).isEqualTo("3");
        }
        assertThat(STORE.find(jobs.get(4).id()).orElseThrow().partialContent()).isEqualTo("done");
    }

    @Test
    void checkpoints_rewrite_running_jobs_in_their_own_pages_leaving_the_indexes_alone() throws Exception {
        // A database of its own: the table's counters then count this test's updates only.
        TestDatabase db = EmbeddedDatabase.createDatabase();
        long user = new UserStore(db.dataSource()).idOf("user-" + UUID.randomUUID(), Set.of("user"));
        int checkpoints = 0;
        List<Job> jobs = new ArrayList<>();
        // One connection: its counters reach the statistics when its server process ends, once it is closed.
        try (Connection kept = db.dataSource().getConnection()) {
            JdbcJobStore store = new JdbcJobStore(oneConnection(kept));
            for (int i = 0; i < 200; i++) {
                Job job = store.create(newJob(user, "conv-" + UUID.randomUUID()));
                assertThat(store.markRunning(job.id(), "instance-a")).isTrue();
                jobs.add(job);
            }
            // As while streams are held: each batch has the jobs whose text grew since the last, here a quarter.
            String[] texts = new String[jobs.size()];
            Arrays.fill(texts, "");
            for (int round = 0; round < 12; round++) {
                List<Checkpoint> batch = new ArrayList<>();
                for (int i = round % 4; i < jobs.size(); i += 4) {
                    texts[i] += "a few more tokens of the answer ";
                    batch.add(new Checkpoint(jobs.get(i).id(), texts[i], "{\"tokensSoFar\":" + round + "}"));
                }
                assertThat(store.checkpoint(batch)).isEmpty();
                checkpoints += batch.size();
            }
        }
        String counters = "SELECT n_tup_upd || ' ' || n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'ai_streaming_jobs'";
        int expected = jobs.size() + checkpoints;
        long[] updated = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> Arrays.stream(db.queryString(counters).split(" ")).mapToLong(Long::parseLong).toArray(),
                        u -> u[0] >= expected);
        assertThat(updated[0]).isEqualTo(expected);
        // Starting a job changes its status, which is indexed: only the checkpoints can be heap-only.
        assertThat(updated[1]).as("heap-only updates of %d checkpoints", checkpoints)
                .isGreaterThanOrEqualTo(checkpoints * 95L / 100);
    }

    /** The driver's protocol log, at its finest, from {@link #start()} until closed. */
    private static final class DriverWatch extends Handler implements AutoCloseable {

        private final Logger driver = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        private final Level level = driver.getLevel();
        private final List<String> lines = new CopyOnWriteArrayList<>();
        /** The test's thread: the store's statements run on it, other threads' are not counted. */
        private final Thread owner = Thread.currentThread();

        void start() {
            driver.setLevel(Level.FINEST);
            driver.addHandler(this);
        }

        List<String> lines(String prefix) {
            return lines.stream().filter(line -> line.startsWith(prefix)).toList();
        }

        @Override
        public void publish(LogRecord record) {
            if (Thread.currentThread() == owner) {
                lines.add(String.valueOf(record.getMessage()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            driver.removeHandler(this);
            driver.setLevel(level);
        }
    }

    private static PreparedStatement bind(PreparedStatement ps, Instant value) throws SQLException {
        ps.setTimestamp(1, Timestamp.from(value));
        return ps;
    }

    /** A data source handing out one connection, which its users' {@code close()} leaves open. */
    private static DataSource oneConnection(Connection connection) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return unclosable;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void cleanup_takes_the_advisory_lock_or_reports_another_holder() {
        assertThat(STORE.cleanup()).isGreaterThanOrEqualTo(0);
    }
}
