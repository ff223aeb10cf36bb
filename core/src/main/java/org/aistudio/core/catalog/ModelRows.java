package org.aistudio.core.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code ai_models} with their grants: the one query the catalogue and the store share. */
final class ModelRows {

    /** A stored model: its database id and its definition. */
    record Row(int id, ModelDefinition definition) {
    }

    private static final String SELECT = "SELECT m.id, m.key, m.name, m.provider, m.provider_model_id, m.active, "
            + "m.max_tokens, m.input_cost_per_1k, m.output_cost_per_1k, m.fallbacks, "
            + "COALESCE((SELECT array_agg(g.role ORDER BY g.role) FROM model_access_grants g "
            + "WHERE g.model_id = m.id), '{}'), "
            + "COALESCE((m.capabilities->>'reasoning')::boolean, false), "
            + "m.first_token_timeout_ms, m.idle_timeout_ms, m.total_timeout_ms FROM ai_models m ORDER BY m.key";

    private ModelRows() {
    }

    /** Every model, active or not, by key in key order. */
    static Map<String, Row> all(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SELECT)) {
            Map<String, Row> rows = new LinkedHashMap<>();
            while (rs.next()) {
                ModelDefinition d = new ModelDefinition(rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), (Integer) rs.getObject(7), rs.getBigDecimal(8),
                        rs.getBigDecimal(9), strings(rs.getArray(10)), strings(rs.getArray(11)), rs.getBoolean(12),
                        (Integer) rs.getObject(13), (Integer) rs.getObject(14), (Integer) rs.getObject(15));
                rows.put(d.key(), new Row(rs.getInt(1), d));
            }
            return rows;
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
