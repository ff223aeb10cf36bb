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
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.aistudio.core.AiStudioException;
import org.aistudio.core.jdbc.Sql;

/**
 * The catalogue read from {@code ai_models} and {@code model_access_grants}, cached for a short
 * time-to-live so that a change made on any instance is seen by every instance within it: each
 * instance re-reads the whole table at most once per TTL, and at once after a local write
 * ({@link #invalidate()}). No restart and no message between instances is needed.
 *
 * <p>When the TTL has passed, one caller re-reads while the others go on with the copy it
 * replaces (so a change shows within the TTL plus one read): a burst of chats never queues for
 * the connection pool to read the same rows. A re-read that fails for a passing reason (no
 * connection in time, a failover) leaves the old copy for the next caller to retry; any other
 * failure, or one of a cache never filled or just invalidated, reaches the caller.
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

    public JdbcModelCatalog(DataSource dataSource, Clock clock, Duration ttl) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the catalogue cache TTL must not be negative, got " + ttl);
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** How long a read may be stale: the longest delay before a change on another instance shows here. */
    public Duration ttl() {
        return ttl;
    }

    @Override
    public Optional<ModelInfo> find(String key) {
        return Optional.ofNullable(current().byKey.get(key));
    }

    @Override
    public List<ModelInfo> all() {
        return List.copyOf(current().byKey.values());
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
        if (!now.isAfter(s.loadedAt.plus(ttl)) || !reading.compareAndSet(false, true)) {
            return s;
        }
        try {
            return read(now);
        } catch (AiStudioException e) {
            if (!e.retriable()) {
                throw e;
            }
            return s;
        } finally {
            reading.set(false);
        }
    }

    private Snapshot read(Instant now) {
        long before = generation;
        Snapshot s = new Snapshot(load(), now);
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

    private record Snapshot(Map<String, ModelInfo> byKey, Instant loadedAt) {
    }
}
