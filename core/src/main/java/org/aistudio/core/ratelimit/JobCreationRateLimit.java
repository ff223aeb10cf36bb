package org.aistudio.core.ratelimit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.aistudio.core.job.NewJob;
import org.aistudio.core.job.jdbc.CreationGuard;

/**
 * Puts the {@link JdbcRateLimiter} into the transaction that creates a job (install it with
 * {@code new JdbcJobStore(dataSource, guard)}), so that the check and the job's insert cannot
 * both pass for one request too many, whichever instance each request reaches. The user's lock
 * and the counts run in the statement that inserts the job (see {@link JdbcRateLimiter}). A refused job
 * throws {@link RateLimitExceededException} and writes nothing: no conversation, no message, no
 * job, no count.
 *
 * <p>The user's roles are those of the {@code users} row, which the host refreshes from every
 * token it sees. The decision that admitted a job is kept until {@link #take(UUID)} collects it,
 * so the caller can tell the client how much is left.
 */
public final class JobCreationRateLimit implements CreationGuard.Gated {

    private static final int MAX_UNCOLLECTED = 10_000;

    private final JdbcRateLimiter limiter;
    private final Map<UUID, RateLimitDecision> granted = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, RateLimitDecision> eldest) {
            // Decisions nobody collects (a caller that does not ask) must not pile up.
            return size() > MAX_UNCOLLECTED;
        }
    };

    /** What each user's last admission on this instance left, for {@link #likelyAdmits(long)}. */
    private final Map<Long, Headroom> headroom = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Headroom> eldest) {
            return size() > MAX_UNCOLLECTED;
        }
    };

    /** Left in the per-minute window ending at {@code untilEpochSecond} (of {@code limit}) and in concurrency. */
    private record Headroom(long untilEpochSecond, int limit, int perMinute, int concurrent) {
    }

    public JobCreationRateLimit(JdbcRateLimiter limiter) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    @Override
    public void beforeCreate(Connection transaction, NewJob job) throws SQLException {
        decided(job, limiter.admitWithStoredRoles(transaction, job.userId()));
    }

    @Override
    public String gate(String countOnlyIf) {
        return JdbcRateLimiter.gate(countOnlyIf);
    }

    /** The user's lock, the counts and the user's stored roles, all in the job's insert. */
    @Override
    public Gate admission(NewJob job) {
        JdbcRateLimiter.Check check = limiter.checkWithStoredRoles(job.userId());
        return new Gate() {
            @Override
            public int bind(PreparedStatement statement, int first) throws SQLException {
                return check.bind(statement, first);
            }

            @Override
            public void read(ResultSet row, int first) throws SQLException {
                decided(job, check.read(row, first));
            }
        };
    }

    /** Keeps what an admission left, or throws its refusal. */
    private void decided(NewJob job, JdbcRateLimiter.Admission admission) {
        RateLimitDecision decision = admission.decision();
        if (!decision.allowed()) {
            forget(job.userId());
            throw new RateLimitExceededException(job.userId(), decision);
        }
        synchronized (granted) {
            granted.put(job.id(), decision);
        }
        synchronized (headroom) {
            headroom.put(job.userId(), new Headroom(decision.resetEpochSeconds(), decision.limit(),
                    decision.remaining(), admission.concurrentSpare()));
        }
    }

    /**
     * Whether the user's next job will very likely be admitted, judged from what their last
     * admission on this instance left in both limits (and taking one of each from it). A per-minute
     * window that has passed counts as a new, full one: most people ask again minutes later, not
     * seconds. Only a hint for work that can be undone, such as calling the provider while the
     * job's rows are written: the limits themselves are checked in the database every time. A user
     * this instance has not admitted yet, or whose start failed, gets {@code false}.
     */
    public boolean likelyAdmits(long userId) {
        long now = limiter.clock().instant().getEpochSecond();
        synchronized (headroom) {
            Headroom h = headroom.get(userId);
            if (h == null) {
                return false;
            }
            if (now >= h.untilEpochSecond()) {
                h = new Headroom(now + RateLimitPolicy.WINDOW.toSeconds(), h.limit(), h.limit(), h.concurrent());
            }
            if (h.perMinute() < 1 || h.concurrent() < 1) {
                return false;
            }
            headroom.put(userId, new Headroom(h.untilEpochSecond(), h.limit(), h.perMinute() - 1,
                    h.concurrent() - 1));
            return true;
        }
    }

    /** Drops what is known of the user's headroom (their start was refused or failed). */
    public void forget(long userId) {
        synchronized (headroom) {
            headroom.remove(userId);
        }
    }

    /** The decision that admitted this job, once; empty when there is none (or it was taken). */
    public Optional<RateLimitDecision> take(UUID jobId) {
        synchronized (granted) {
            return Optional.ofNullable(granted.remove(jobId));
        }
    }
}
