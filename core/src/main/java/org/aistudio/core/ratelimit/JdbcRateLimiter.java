package org.aistudio.core.ratelimit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.aistudio.core.AiStudioException;
import org.aistudio.core.jdbc.Sql;
import org.aistudio.core.ratelimit.RateLimitDecision.Limit;

/**
 * Rate limits kept in PostgreSQL, so that every instance behind the load balancer enforces the
 * same limit per user. Needs the {@code rate_limit_windows} table of the {@code migrations}
 * module.
 *
 * <h2>Per-minute creations: one atomic statement</h2>
 * Each user has one row {@code (user_id, window_start, hits)}. A window opens at the user's first
 * creation and lasts {@link RateLimitPolicy#WINDOW}; a single {@code INSERT ... ON CONFLICT DO
 * UPDATE ... WHERE} either counts the creation (restarting the window in place when it has
 * passed) or, at the limit, changes nothing and returns no row. The row lock taken by {@code ON
 * CONFLICT} makes the statement atomic across instances without any other lock, and since the
 * row is reused, old windows never pile up. A window anchored at the first request (rather than
 * at the clock's minute) also means that N quick requests always meet the limit at the
 * (N+1)th, whatever second of the minute they start in.
 *
 * <h2>Concurrent streams: a count under a per-user lock</h2>
 * The concurrency limit counts the user's {@code pending} and {@code running} rows of
 * {@code ai_streaming_jobs}. A count and the insert it limits are two statements, so two
 * requests could both count 2 and both insert a 3rd and 4th job. To prevent that,
 * {@link #acquire(Connection, long, Set)} takes a per-user transaction-scoped advisory lock
 * ({@code pg_advisory_xact_lock}) and is meant to run inside the transaction that inserts the job
 * (see {@link JobCreationRateLimit}): a second request of the same user waits until the first has
 * committed its job row (or rolled back), and then counts it. The lock is taken by a statement
 * of its own, before the count, because under READ COMMITTED a statement sees the data committed
 * when it starts: a count in the same statement as the lock could miss the job that the previous
 * holder committed while this one waited. The count and the per-minute statement are then one
 * statement ({@link #GATE}), so admission costs two round trips; in a job's creation they run in
 * the statement that inserts the job, one round trip fewer. Only one user's requests are
 * serialized, for the few milliseconds of one insert.
 *
 * <p>Time is the injected clock's (instances' clocks agree to milliseconds; a window is a
 * minute), which keeps tests deterministic.
 */
public final class JdbcRateLimiter implements RateLimiter {

    private static final String CHECK_FAILED = "could not check the rate limit";

    /** First half of the advisory lock key of a user's admission; the second half is the user id. */
    public static final int LOCK_NAMESPACE = 0x52544c4d;

    /**
     * The concurrency count and, when it leaves room, the creation count, as common table
     * expressions ending in {@code gate}: one row of whether the creation was counted (the job is
     * admitted), the user's active jobs, the window's hits and its start (these two null when the
     * concurrency limit refused first and the user has no window yet). The job's insert can follow them in the same statement
     * ({@link org.aistudio.core.job.jdbc.CreationGuard.Gated}).
     */
    static final String GATE = "active AS ("
            + "SELECT count(*) AS n FROM ai_streaming_jobs WHERE user_id = ? AND status IN ('pending', 'running')), "
            + "hit AS ("
            + "INSERT INTO rate_limit_windows AS w (user_id, window_start, hits) "
            + "SELECT ?, ?, 1 WHERE (SELECT n FROM active) < ? "
            + "ON CONFLICT (user_id) DO UPDATE SET "
            + "window_start = CASE WHEN w.window_start <= ? THEN EXCLUDED.window_start ELSE w.window_start END, "
            + "hits = CASE WHEN w.window_start <= ? THEN 1 ELSE w.hits + 1 END "
            + "WHERE w.window_start <= ? OR w.hits < ? "
            + "RETURNING hits, window_start), "
            + "win AS ("
            + "SELECT TRUE AS counted, hits, window_start FROM hit "
            + "UNION ALL SELECT FALSE, hits, window_start FROM rate_limit_windows "
            + "WHERE user_id = ? AND NOT EXISTS (SELECT 1 FROM hit)), "
            + "gate AS (SELECT COALESCE(w.counted, FALSE) AS admitted, a.n, w.hits, w.window_start "
            + "FROM active a LEFT JOIN win w ON TRUE)";

    /** The gate on its own, in one round trip. */
    private static final String CHECK_AND_COUNT = "WITH " + GATE + " SELECT * FROM gate";

    private final DataSource dataSource;
    private final RateLimitPolicy policy;
    private final Clock clock;

    public JdbcRateLimiter(DataSource dataSource, RateLimitPolicy policy, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RateLimitPolicy policy() {
        return policy;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Checks and counts in a transaction of its own. The concurrency check then sees only jobs
     * already committed: to limit job creations exactly, use {@link JobCreationRateLimit}.
     */
    @Override
    public RateLimitDecision acquire(long userId, Set<String> roles) {
        return Sql.inTransaction(dataSource, CHECK_FAILED, c -> acquire(c, userId, roles));
    }

    /**
     * Checks and counts inside the caller's open transaction, holding the user's lock until it
     * ends. The concurrency check comes first: a request it refuses is never counted.
     *
     * @param transaction a connection with auto-commit off
     */
    public RateLimitDecision acquire(Connection transaction, long userId, Set<String> roles) throws SQLException {
        requireTransaction(transaction);
        try (PreparedStatement ps = transaction.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            setLockKey(ps, userId);
            ps.execute();
        }
        return checkAndCount(transaction, check(userId, roles)).decision();
    }

    /**
     * As {@link #acquire(Connection, long, Set)}, with the roles of the user's {@code users} row,
     * read by the statement that takes the lock (one round trip fewer).
     */
    public RateLimitDecision acquireWithStoredRoles(Connection transaction, long userId) throws SQLException {
        return admitWithStoredRoles(transaction, userId).decision();
    }

    /** A decision and how many more streams the user could have opened beside the admitted one. */
    record Admission(RateLimitDecision decision, int concurrentSpare) {
    }

    Admission admitWithStoredRoles(Connection transaction, long userId) throws SQLException {
        return checkAndCount(transaction, lockWithStoredRoles(transaction, userId));
    }

    private static void requireTransaction(Connection transaction) throws SQLException {
        if (transaction.getAutoCommit()) {
            throw new IllegalStateException("the rate limit must run inside a transaction: auto-commit is on");
        }
    }

    private static void setLockKey(PreparedStatement ps, long userId) throws SQLException {
        ps.setInt(1, LOCK_NAMESPACE);
        ps.setInt(2, (int) (userId ^ (userId >>> 32)));
    }

    private static Admission checkAndCount(Connection c, Check check) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CHECK_AND_COUNT)) {
            check.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return check.read(rs, 1);
            }
        }
    }

    /**
     * Takes the user's lock and reads their roles (one statement, in the caller's transaction),
     * and returns the check to run next, in a statement of its own or in the job's insert.
     */
    Check lockWithStoredRoles(Connection transaction, long userId) throws SQLException {
        requireTransaction(transaction);
        try (PreparedStatement ps = transaction.prepareStatement(
                "SELECT pg_advisory_xact_lock(?, ?), (SELECT roles FROM users WHERE id = ?)")) {
            setLockKey(ps, userId);
            ps.setLong(3, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Array array = rs.getArray(2);
                return check(userId, array == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) array.getArray())));
            }
        }
    }

    private Check check(long userId, Set<String> roles) {
        return new Check(userId, policy.limitsFor(roles), clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /** The {@link #GATE} of one user with their limits, at one instant: its parameters and its row. */
    final class Check {

        private final long userId;
        private final RateLimitPolicy.Limits limits;
        private final Instant now;

        private Check(long userId, RateLimitPolicy.Limits limits, Instant now) {
            this.userId = userId;
            this.limits = limits;
            this.now = now;
        }

        /** Binds the gate's parameters, the statement's first; returns how many. */
        int bind(PreparedStatement ps) throws SQLException {
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            OffsetDateTime expiredBefore = at.minus(RateLimitPolicy.WINDOW);
            ps.setLong(1, userId);
            ps.setLong(2, userId);
            ps.setObject(3, at);
            ps.setInt(4, limits.concurrent());
            ps.setObject(5, expiredBefore);
            ps.setObject(6, expiredBefore);
            ps.setObject(7, expiredBefore);
            ps.setInt(8, limits.perMinute());
            ps.setLong(9, userId);
            return 9;
        }

        /** The decision in the gate's row, whose columns start at {@code first}. */
        Admission read(ResultSet rs, int first) throws SQLException {
            int limit = limits.perMinute();
            int active = rs.getInt(first + 1);
            if (active >= limits.concurrent()) {
                long wait = policy.concurrentRetryAfter().toSeconds();
                return new Admission(new RateLimitDecision(false, Limit.CONCURRENT, limits.concurrent(), 0,
                        now.getEpochSecond() + wait, wait), 0);
            }
            OffsetDateTime windowStart = rs.getObject(first + 3, OffsetDateTime.class);
            if (windowStart == null) {
                throw new AiStudioException("the rate-limit window of user " + userId + " vanished", true);
            }
            boolean allowed = rs.getBoolean(first);
            int hits = rs.getInt(first + 2);
            Instant reset = windowStart.toInstant().plus(RateLimitPolicy.WINDOW);
            long resetSeconds = ceilSeconds(reset);
            if (allowed) {
                return new Admission(new RateLimitDecision(true, Limit.PER_MINUTE, limit,
                        Math.max(0, limit - hits), resetSeconds, 0), limits.concurrent() - active - 1);
            }
            long wait = Math.max(1, ceilSeconds(Duration.between(now, reset)));
            return new Admission(new RateLimitDecision(false, Limit.PER_MINUTE, limit, 0, resetSeconds, wait), 0);
        }
    }

    private static long ceilSeconds(Instant instant) {
        return instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0);
    }

    private static long ceilSeconds(Duration duration) {
        return duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
    }
}
