package org.aistudio.core.catalog;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.aistudio.core.AiStudioException;

/**
 * The catalogue read from {@code ai_models} and {@code model_access_grants}, cached for a short
 * time-to-live so that a change made on any instance is seen by every instance within it.
 */
public final class JdbcModelCatalog implements ModelCatalog {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration ttl;
    private volatile Snapshot snapshot;

    public JdbcModelCatalog(DataSource dataSource, Clock clock, Duration ttl) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ttl = ttl;
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
    public void invalidate() {
        snapshot = null;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s == null || now.isAfter(s.loadedAt.plus(ttl))) {
            s = new Snapshot(load(), now);
            snapshot = s;
        }
        return s;
    }

    private Map<String, ModelInfo> load() {
        String sql = "SELECT m.id, m.key, m.name, m.provider, m.provider_model_id, m.active, m.max_tokens, "
                + "m.input_cost_per_1k, m.output_cost_per_1k, m.fallbacks, "
                + "COALESCE((SELECT array_agg(g.role ORDER BY g.role) FROM model_access_grants g WHERE g.model_id = m.id), '{}'), "
                + "COALESCE((m.capabilities->>'reasoning')::boolean, false), "
                + "m.first_token_timeout_ms, m.idle_timeout_ms, m.total_timeout_ms FROM ai_models m ORDER BY m.key";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            Map<String, ModelInfo> models = new LinkedHashMap<>();
            while (rs.next()) {
                ModelInfo m = new ModelInfo(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), (Integer) rs.getObject(7), money(rs.getBigDecimal(8)),
                        money(rs.getBigDecimal(9)), strings(rs.getArray(10)), Set.copyOf(strings(rs.getArray(11))),
                        rs.getBoolean(12), timeouts(rs));
                models.put(m.key(), m);
            }
            return models;
        } catch (SQLException e) {
            throw new AiStudioException("could not read the model catalogue", true, e);
        }
    }

    private static ModelInfo.ModelTimeouts timeouts(ResultSet rs) throws SQLException {
        ModelInfo.ModelTimeouts d = ModelInfo.ModelTimeouts.DEFAULTS;
        return new ModelInfo.ModelTimeouts(millis(rs, 13, d.firstToken()), millis(rs, 14, d.idle()),
                millis(rs, 15, d.total()));
    }

    private static Duration millis(ResultSet rs, int column, Duration fallback) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? fallback : Duration.ofMillis(((Number) v).longValue());
    }

    private static BigDecimal money(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : new ArrayList<>(Arrays.asList((String[]) array.getArray()));
    }

    private record Snapshot(Map<String, ModelInfo> byKey, Instant loadedAt) {
    }
}
