package org.aistudio.core.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.aistudio.core.AiStudioException;
import org.aistudio.core.jdbc.Sql;

/**
 * The catalogue read from {@code ai_models} and {@code model_access_grants}, cached for a short
 * time-to-live so that a change made on any instance is seen by every instance within it: each
 * instance re-reads the whole table at most once per TTL, and at once after a local write
 * ({@link #invalidate()}). No restart and no message between instances is needed.
 *
 * <p>When the TTL has passed, one re-read starts while every caller goes on with the copy it
 * replaces (so a change shows within the TTL plus one read): a burst of chats never queues for
 * the connection pool to read the same rows. Given an executor, the re-read runs there and no
 * chat waits for it; without one, the caller that noticed re-reads. A re-read that fails for a
 * passing reason (no connection in time, a failover) leaves the old copy for a later caller to
 * retry; any other failure reaches a caller: the one re-reading, or the next one after a re-read
 * on the executor. A cache never filled or just invalidated is read by its caller.
 */
public final class JdbcModelCatalog implements ModelCatalog {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration ttl;
    /** Counts local writes; guarded by {@code this}, read without the lock. */
    private volatile long generation;
    private volatile Snapshot snapshot;
    private final AtomicBoolean reading = new AtomicBoolean();
    /** Runs re-reads once the TTL has passed; null: the caller that noticed re-reads. */
    private final Executor rereads;
    /** A failure of a re-read on {@link #rereads} that no passing cause explains, for the next caller. */
    private final AtomicReference<AiStudioException> rereadFailure = new AtomicReference<>();

    /** A catalogue whose expired copy is re-read by the caller that notices it. */
    public JdbcModelCatalog(DataSource dataSource, Clock clock, Duration ttl) {
        this(dataSource, clock, ttl, null);
    }

    /**
     * A catalogue whose expired copy is re-read on {@code rereads} (threads that may block on the
     * database) while callers go on with the copy they have.
     */
    public JdbcModelCatalog(DataSource dataSource, Clock clock, Duration ttl, Executor rereads) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the catalogue cache TTL must not be negative, got " + ttl);
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.ttl = ttl;
        this.rereads = rereads;
    }

    /** How long a read may be stale: the longest delay before a change on another instance shows here. */
    public Duration ttl() {
        return ttl;
    }

    @Override
    public Optional<ModelInfo> find(String key) {
        return current().find(key);
    }

    @Override
    public List<ModelInfo> all() {
        return current().all();
    }

    /**
     * The catalogue as this instance holds it, for a caller that must not wait for the database
     * (an event loop): empty when only a read can answer (never read, just invalidated, a failed
     * re-read to report, or expired with no executor to re-read on). An expired copy is served
     * while its re-read runs on the executor, as for {@link #find}.
     */
    public Optional<ModelCatalog> inMemory() {
        Snapshot s = snapshot;
        if (s == null || rereadFailure.get() != null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!now.isAfter(s.loadedAt.plus(ttl)) || reading.get()) {
            return Optional.of(s); // fresh, or being re-read: what find() would serve
        }
        if (rereads == null) {
            return Optional.empty();
        }
        if (reading.compareAndSet(false, true)) {
            try {
                rereads.execute(() -> rereadBehind(s, now));
            } catch (RejectedExecutionException e) {
                reading.set(false);
                return Optional.empty();
            }
        }
        return Optional.of(s);
    }

    /** Drops the cache so the next read goes to the database (after a local change). */
    public synchronized void invalidate() {
        generation++;
        snapshot = null;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s == null) {
            return read(now);
        }
        AiStudioException failed = rereadFailure.get(); // a plain read: this runs on every lookup
        if (failed != null && rereadFailure.compareAndSet(failed, null)) {
            throw failed;
        }
        if (!now.isAfter(s.loadedAt.plus(ttl)) || !reading.compareAndSet(false, true)) {
            return s;
        }
        if (rereads != null) {
            try {
                rereads.execute(() -> rereadBehind(s, now));
                return s;
            } catch (RejectedExecutionException e) {
                // A saturated or closing executor: the caller re-reads, as without one.
            }
        }
        return reread(s, now);
    }

    /** {@link #reread} on the executor: a failure it throws goes to the next caller. */
    private void rereadBehind(Snapshot old, Instant now) {
        try {
            reread(old, now);
        } catch (AiStudioException e) {
            rereadFailure.set(e);
        }
    }

    /** Re-reads the expired {@code old}: a failure for a passing reason keeps it, any other is thrown. */
    private Snapshot reread(Snapshot old, Instant now) {
        try {
            return read(now);
        } catch (AiStudioException e) {
            if (!e.retriable()) {
                throw e;
            }
            return old;
        } finally {
            reading.set(false);
        }
    }

    private Snapshot read(Instant now) {
        long before = generation;
        Snapshot s = new Snapshot(load(), now);
        rereadFailure.set(null); // a failure this read has outlived tells nobody anything
        keep(s, before);
        return s;
    }

    /** A read that overlapped a local write may have missed it: it serves its caller once, never the cache. */
    private synchronized void keep(Snapshot s, long generationBefore) {
        if (generation == generationBefore) {
            snapshot = s;
        }
    }

    private Map<String, ModelInfo> load() {
        try (Connection c = dataSource.getConnection()) {
            Map<String, ModelInfo> models = new LinkedHashMap<>();
            ModelRows.all(c).forEach((key, row) -> models.put(key, row.definition().toInfo(row.id())));
            return models;
        } catch (SQLException e) {
            throw Sql.failure("could not read the model catalogue", e);
        }
    }

    private record Snapshot(Map<String, ModelInfo> byKey, Instant loadedAt) implements ModelCatalog {
        @Override
        public Optional<ModelInfo> find(String key) {
            return Optional.ofNullable(byKey.get(key));
        }

        @Override
        public List<ModelInfo> all() {
            return List.copyOf(byKey.values());
        }
    }
}
