package org.aistudio.core.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.aistudio.core.AiStudioException;

/**
 * Maps a token subject to a user id, creating the user on first sight. Ids are cached in memory:
 * a subject is written once per instance and role set, not on every request.
 */
public final class UserStore {

    private static final int MAX_CACHED = 100_000;

    private final DataSource dataSource;
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    public UserStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The user id of a subject, creating or updating the user row when needed. */
    public long idOf(String subject, Set<String> roles) {
        String cacheKey = cacheKey(subject, roles);
        Long id = ids.get(cacheKey);
        if (id != null) {
            return id;
        }
        long fresh = upsert(subject, roles);
        if (ids.size() >= MAX_CACHED) {
            ids.clear();
        }
        ids.put(cacheKey, fresh);
        return fresh;
    }

    /**
     * The user id of a subject with these roles when this instance has written it already; empty
     * when only {@link #idOf} can tell. Never touches the database.
     */
    public OptionalLong knownId(String subject, Set<String> roles) {
        Long id = ids.get(cacheKey(subject, roles));
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    private static String cacheKey(String subject, Set<String> roles) {
        return subject + '\u0000' + String.join(",", new java.util.TreeSet<>(roles));
    }

    private long upsert(String subject, Set<String> roles) {
        String sql = "INSERT INTO users (subject, roles) VALUES (?, ?) ON CONFLICT (subject) "
                + "DO UPDATE SET roles = EXCLUDED.roles, last_seen_at = NOW() RETURNING id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, subject);
            ps.setArray(2, c.createArrayOf("text", roles.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AiStudioException("could not record the user", true, e);
        }
    }
}
