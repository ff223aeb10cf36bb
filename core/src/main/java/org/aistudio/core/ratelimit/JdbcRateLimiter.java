package org.aistudio.core.ratelimit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
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
 * {@code ai_streaming_jobs}. A count and the insert it limits could both pass for two requests at
 * once (both count 2, both insert a 3rd and 4th job). To prevent that, the count runs in the
 * database function {@code rate_limit_active_jobs} (migration V3), which first takes a per-user
 * transaction-scoped advisory lock ({@code pg_advisory_xact_lock}): a second request of the same
 * user waits until the first has committed its job row (or rolled back), and then counts it. The
 * function is there because under READ COMMITTED a statement sees the data committed when it
 * started, while a volatile function's query takes a fresh snapshot: a count written in the
 * statement itself could miss the job that the lock's previous holder committed while this one
 * waited. The lock, the count, the per-minute count and (in a job's creation) the job's insert are
 * then one statement ({@link #gate(String)}), which in auto-commit is one round trip, commit
 * included. Only one user's requests are serialized, for the few milliseconds of one insert.
 *
 * <h2>Roles</h2>
 * The statement resolves the user's limits from their roles itself (the policy's overrides are
 * its parameters), from the roles given or, in a job's creation, from the {@code users} row,
 * which the host refreshes from every token it sees.
 *
 * <p>Time is the injected clock's (instances' clocks agree to milliseconds; a window is a
 * minute), which keeps tests deterministic.
 */
public final class JdbcRateLimiter implements RateLimiter {

    private static final String CHECK_FAILED = "could not check the rate limit";

    /** First half of the advisory lock key of a user's admission; the second half is the user id. */
    public static final int LOCK_NAMESPACE = 0x52544c4d;

    /**
     * The user's limits, the concurrency count under the user's lock and, when both leave room,
     * the creation count, as common table expressions ending in {@code gate}: one row of whether
     * the creation was counted (the job is admitted), the user's active jobs, the window's hits and
     * its start (these two null when nothing was counted and the statement saw no window), and the
     * user's per-minute and concurrent limits. {@code %s} is a condition without parameters that
     * must hold for anything to be counted.
     */
    private static final String GATE = "lim AS (SELECT "
            + "COALESCE((SELECT max(o.v) FROM unnest(?::text[], ?::int[]) AS o(r, v) WHERE o.r = ANY(u.roles)), ?) "
            + "AS per_minute, "
            + "COALESCE((SELECT max(o.v) FROM unnest(?::text[], ?::int[]) AS o(r, v) WHERE o.r = ANY(u.roles)), ?) "
            + "AS concurrent "
            + "FROM (SELECT COALESCE(?::text[], (SELECT roles FROM users WHERE id = ?), '{}') AS roles) u), "
            + "active AS (SELECT rate_limit_active_jobs(?, ?, ?) AS n), "
            + "hit AS ("
            + "INSERT INTO rate_limit_windows AS w (user_id, window_start, hits) "
            + "SELECT ?, ?, 1 WHERE (SELECT n FROM active) < (SELECT concurrent FROM lim) AND %s "
            + "ON CONFLICT (user_id) DO UPDATE SET "
            + "window_start = CASE WHEN w.window_start <= ? THEN EXCLUDED.window_start ELSE w.window_start END, "
            + "hits = CASE WHEN w.window_start <= ? THEN 1 ELSE w.hits + 1 END "
            + "WHERE w.window_start <= ? OR w.hits < (SELECT per_minute FROM lim) "
            + "RETURNING hits, window_start), "
            + "win AS ("
            + "SELECT TRUE AS counted, hits, window_start FROM hit "
            + "UNION ALL SELECT FALSE, hits, window_start FROM rate_limit_windows "
            + "WHERE user_id = ? AND NOT EXISTS (SELECT 1 FROM hit)), "
            + "gate AS (SELECT COALESCE(w.counted, FALSE) AS admitted, a.n, w.hits, w.window_start, "
            + "l.per_minute, l.concurrent FROM active a CROSS JOIN lim l LEFT JOIN win w ON TRUE)";

    /** The gate on its own, in one round trip. */
    private static final String CHECK_AND_COUNT = "WITH " + gate("TRUE") + " SELECT * FROM gate";

    private final DataSource dataSource;
    private final RateLimitPolicy policy;
    private final Clock clock;
    private final Overrides perMinuteOverrides;
    private final Overrides concurrentOverrides;

    public JdbcRateLimiter(DataSource dataSource, RateLimitPolicy policy, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.perMinuteOverrides = Overrides.of(policy.perMinuteOverrides());
        this.concurrentOverrides = Overrides.of(policy.concurrentOverrides());
    }

    public RateLimitPolicy policy() {
        return policy;
    }

    Clock clock() {
        return clock;
    }

    /**
     * The checks as common table expressions for a statement of the caller's, the last one named
     * {@code gate} (see {@link #GATE}); nothing is counted unless {@code countOnlyIf}, an SQL
     * condition without parameters, holds. Bind and read them with a {@link Check}.
     */
    static String gate(String countOnlyIf) {
        return GATE.formatted(countOnlyIf);
    }

    /**
     * Checks and counts in a statement of its own. The concurrency check then sees only jobs
     * already committed: to limit job creations exactly, use {@link JobCreationRateLimit}.
     */
    @Override
    public RateLimitDecision acquire(long userId, Set<String> roles) {
        return Sql.read(dataSource, CHECK_FAILED,
                c -> checkAndCount(c, check(userId, Objects.requireNonNull(roles, "roles"))).decision());
    }

    /**
     * Checks and counts inside the caller's open transaction, holding the user's lock until it
     * ends. The concurrency check comes first: a request it refuses is never counted.
     *
     * @param transaction a connection with auto-commit off
     */
    public RateLimitDecision acquire(Connection transaction, long userId, Set<String> roles) throws SQLException {
        requireTransaction(transaction);
        return checkAndCount(transaction, check(userId, Objects.requireNonNull(roles, "roles"))).decision();
    }

    /** As {@link #acquire(Connection, long, Set)}, with the roles of the user's {@code users} row. */
    public RateLimitDecision acquireWithStoredRoles(Connection transaction, long userId) throws SQLException {
        return admitWithStoredRoles(transaction, userId).decision();
    }

    /** A decision and how many more streams the user could have opened beside the admitted one. */
    record Admission(RateLimitDecision decision, int concurrentSpare) {
    }

    Admission admitWithStoredRoles(Connection transaction, long userId) throws SQLException {
        requireTransaction(transaction);
        return checkAndCount(transaction, check(userId, null));
    }

    private static void requireTransaction(Connection transaction) throws SQLException {
        if (transaction.getAutoCommit()) {
            throw new IllegalStateException("the rate limit must run inside a transaction: auto-commit is on");
        }
    }

    private static Admission checkAndCount(Connection c, Check check) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CHECK_AND_COUNT)) {
            check.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return check.read(rs, 1);
            }
        }
    }

    /** The check of a user with the roles of their {@code users} row, to run in the statement of a job's insert. */
    Check checkWithStoredRoles(long userId) {
        return check(userId, null);
    }

    private Check check(long userId, Set<String> roles) {
        return new Check(userId, roles, clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /** One limit's overrides by role, as the statement's two array parameters. */
    private record Overrides(String[] roles, Integer[] values) {

        static Overrides of(Map<String, Integer> byRole) {
            List<Map.Entry<String, Integer>> entries = List.copyOf(byRole.entrySet());
            return new Overrides(entries.stream().map(Map.Entry::getKey).toArray(String[]::new),
                    entries.stream().map(Map.Entry::getValue).toArray(Integer[]::new));
        }

        int bind(PreparedStatement ps, int at, int fallback) throws SQLException {
            Connection c = ps.getConnection();
            ps.setArray(at, c.createArrayOf("text", roles));
            ps.setArray(at + 1, c.createArrayOf("integer", values));
            ps.setInt(at + 2, fallback);
            return at + 3;
        }
    }

    /** The {@link #GATE} of one user at one instant, with their roles or those stored: its parameters and its row. */
    final class Check {

        private final long userId;
        private final Set<String> roles;
        private final Instant now;

        private Check(long userId, Set<String> roles, Instant now) {
            this.userId = userId;
            this.roles = roles;
            this.now = now;
        }

        /** Binds the gate's parameters from index {@code first} on; returns the index after the last. */
        int bind(PreparedStatement ps, int first) throws SQLException {
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            OffsetDateTime expiredBefore = at.minus(RateLimitPolicy.WINDOW);
            RateLimitPolicy.Limits defaults = policy.defaultLimits();
            int i = perMinuteOverrides.bind(ps, first, defaults.perMinute());
            i = concurrentOverrides.bind(ps, i, defaults.concurrent());
            if (roles == null) {
                ps.setNull(i++, Types.ARRAY);
            } else {
                ps.setArray(i++, ps.getConnection().createArrayOf("text", roles.toArray(String[]::new)));
            }
            ps.setLong(i++, userId);
            ps.setInt(i++, LOCK_NAMESPACE);
            ps.setInt(i++, (int) (userId ^ (userId >>> 32)));
            ps.setLong(i++, userId);
            ps.setLong(i++, userId);
            ps.setObject(i++, at);
            ps.setObject(i++, expiredBefore);
            ps.setObject(i++, expiredBefore);
            ps.setObject(i++, expiredBefore);
            ps.setLong(i++, userId);
            return i;
        }

        /** The decision in the gate's row, whose columns start at {@code first}. */
        Admission read(ResultSet rs, int first) throws SQLException {
            int active = rs.getInt(first + 1);
            int limit = rs.getInt(first + 4);
            int concurrent = rs.getInt(first + 5);
            if (active >= concurrent) {
                long wait = policy.concurrentRetryAfter().toSeconds();
                return new Admission(new RateLimitDecision(false, Limit.CONCURRENT, concurrent, 0,
                        now.getEpochSecond() + wait, wait), 0);
            }
            boolean allowed = rs.getBoolean(first);
            int hits = rs.getInt(first + 2);
            OffsetDateTime windowStart = rs.getObject(first + 3, OffsetDateTime.class);
            if (windowStart == null) {
                // Refused (a counted creation returns its window) by a window committed after this
                // statement began, while it waited for the lock: its start is not known here, so
                // the longest wait is told.
                windowStart = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            }
            Instant reset = windowStart.toInstant().plus(RateLimitPolicy.WINDOW);
            long resetSeconds = ceilSeconds(reset);
            if (allowed) {
                return new Admission(new RateLimitDecision(true, Limit.PER_MINUTE, limit,
                        Math.max(0, limit - hits), resetSeconds, 0), concurrent - active - 1);
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
