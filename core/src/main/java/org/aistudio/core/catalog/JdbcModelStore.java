package org.aistudio.core.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.aistudio.core.NotFoundException;
import org.aistudio.core.jdbc.Sql;

/**
 * The catalogue in PostgreSQL. Each write takes one transaction-scoped advisory lock, reads the
 * catalogue, checks the change against it and writes the model with its grants, so two writers
 * on two instances can never build a fallback cycle between them. After a commit it runs
 * {@code onChange} (the local catalogue cache's invalidation); other instances see the change
 * when their cache expires.
 */
public final class JdbcModelStore implements ModelStore {

    private static final String WRITE_FAILED = "could not write the model catalogue";

    /** Any constant: it only has to be the same on every instance ("AIMODELS" in ASCII). */
    static final long WRITE_LOCK = 0x41494D4F44454C53L;

    private final DataSource dataSource;
    private final ModelRules rules;
    private final Runnable onChange;

    public JdbcModelStore(DataSource dataSource, ModelRules rules, Runnable onChange) {
        this.dataSource = dataSource;
        this.rules = rules;
        this.onChange = onChange;
    }

    @Override
    public List<ModelDefinition> list() {
        return read(c -> ModelRows.all(c).values().stream().map(ModelRows.Row::definition).toList());
    }

    @Override
    public Optional<ModelDefinition> find(String key) {
        return read(c -> Optional.ofNullable(ModelRows.all(c).get(key)).map(ModelRows.Row::definition));
    }

    @Override
    public ModelDefinition create(ModelDefinition model) {
        return write(c -> {
            Map<String, ModelRows.Row> rows = ModelRows.all(c);
            rules.checkFields(model);
            ModelRows.Row existing = rows.get(model.key());
            if (existing != null) {
                throw new ModelConflictException(model.key(), ModelConflictException.Reason.EXISTS,
                        "a model with key '" + model.key() + "' exists already" + (existing.definition().active()
                                ? "" : " (inactive: PUT it with \"active\": true to bring it back)"));
            }
            rules.checkChanges(List.of(model), definitions(rows));
            insert(c, model);
            return model;
        });
    }

    @Override
    public ModelDefinition replace(ModelDefinition model) {
        return write(c -> {
            Map<String, ModelRows.Row> rows = ModelRows.all(c);
            ModelRows.Row existing = rows.get(model.key());
            if (existing == null) {
                throw new NotFoundException("model", model.key());
            }
            rules.checkChanges(List.of(model), definitions(rows));
            if (!existing.definition().equals(model)) {
                update(c, existing.id(), model);
            }
            return model;
        });
    }

    @Override
    public ModelDefinition deactivate(String key) {
        return write(c -> {
            Map<String, ModelRows.Row> rows = ModelRows.all(c);
            ModelRows.Row existing = rows.get(key);
            if (existing == null) {
                throw new NotFoundException("model", key);
            }
            if (!existing.definition().active()) {
                return existing.definition();
            }
            // Only the referrers matter here: the model's own fields were checked when written.
            ModelDefinition inactive = existing.definition().withActive(false);
            Map<String, ModelDefinition> proposed = definitions(rows);
            proposed.put(key, inactive);
            rules.checkDeactivation(key, proposed);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ai_models SET active = false, updated_at = NOW() WHERE id = ?")) {
                ps.setInt(1, existing.id());
                ps.executeUpdate();
            }
            return inactive;
        });
    }

    @Override
    public int upsertAll(List<ModelDefinition> models) {
        if (models.isEmpty()) {
            return 0;
        }
        return write(c -> {
            Map<String, ModelRows.Row> rows = ModelRows.all(c);
            rules.checkChanges(models, definitions(rows));
            int changed = 0;
            for (ModelDefinition m : models) {
                ModelRows.Row existing = rows.get(m.key());
                if (existing == null) {
                    insert(c, m);
                    changed++;
                } else if (!existing.definition().equals(m)) {
                    update(c, existing.id(), m);
                    changed++;
                }
            }
            return changed;
        });
    }

    private static Map<String, ModelDefinition> definitions(Map<String, ModelRows.Row> rows) {
        Map<String, ModelDefinition> byKey = new LinkedHashMap<>();
        rows.forEach((key, row) -> byKey.put(key, row.definition()));
        return byKey;
    }

    private static void insert(Connection c, ModelDefinition m) throws SQLException {
        String sql = "INSERT INTO ai_models (key, name, provider, provider_model_id, active, max_tokens, "
                + "input_cost_per_1k, output_cost_per_1k, fallbacks, capabilities, first_token_timeout_ms, "
                + "idle_timeout_ms, total_timeout_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "jsonb_build_object('streaming', true, 'reasoning', ?), ?, ?, ?) RETURNING id";
        int id;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, m.key());
            bind(c, ps, 2, m);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getInt(1);
            }
        }
        writeGrants(c, id, m.roles());
    }

    private static void update(Connection c, int id, ModelDefinition m) throws SQLException {
        String sql = "UPDATE ai_models SET name = ?, provider = ?, provider_model_id = ?, active = ?, max_tokens = ?, "
                + "input_cost_per_1k = ?, output_cost_per_1k = ?, fallbacks = ?, "
                + "capabilities = capabilities || jsonb_build_object('reasoning', ?), first_token_timeout_ms = ?, "
                + "idle_timeout_ms = ?, total_timeout_ms = ?, updated_at = NOW() WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = bind(c, ps, 1, m);
            ps.setInt(next, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM model_access_grants WHERE model_id = ?")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
        writeGrants(c, id, m.roles());
    }

    /** Binds every column after the key, in the order both statements list them; returns the next index. */
    private static int bind(Connection c, PreparedStatement ps, int from, ModelDefinition m) throws SQLException {
        int i = from;
        ps.setString(i++, m.name());
        ps.setString(i++, m.provider());
        ps.setString(i++, m.providerModelId());
        ps.setBoolean(i++, m.active());
        setInt(ps, i++, m.maxTokens());
        ps.setBigDecimal(i++, m.inputCostPer1k());
        ps.setBigDecimal(i++, m.outputCostPer1k());
        ps.setArray(i++, c.createArrayOf("text", m.fallbacks().toArray()));
        ps.setBoolean(i++, m.reasoning());
        setInt(ps, i++, m.firstTokenTimeoutMs());
        setInt(ps, i++, m.idleTimeoutMs());
        setInt(ps, i++, m.totalTimeoutMs());
        return i;
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static void writeGrants(Connection c, int id, List<String> roles) throws SQLException {
        if (roles.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_access_grants (model_id, role) VALUES (?, ?)")) {
            for (String role : roles) {
                ps.setInt(1, id);
                ps.setString(2, role);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private <T> T read(Sql.Work<T> work) {
        return Sql.read(dataSource, "could not read the model catalogue", work);
    }

    private <T> T write(Sql.Work<T> work) {
        T result = Sql.inTransaction(dataSource, WRITE_FAILED, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, WRITE_LOCK);
                ps.execute();
            }
            return work.run(c);
        });
        onChange.run();
        return result;
    }
}
