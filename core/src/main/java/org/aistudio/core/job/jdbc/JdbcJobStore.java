package org.aistudio.core.job.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.aistudio.core.NotFoundException;
import org.aistudio.core.jdbc.Sql;
import org.aistudio.core.job.Checkpoint;
import org.aistudio.core.job.Job;
import org.aistudio.core.job.JobEngine;
import org.aistudio.core.job.JobOutcome;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.job.JobStore;
import org.aistudio.core.job.NewJob;

/**
 * Jobs in PostgreSQL. State changes are conditional updates: the row count decides who won.
 * Needs the schema of the {@code migrations} module.
 */
public final class JdbcJobStore implements JobStore {

    /** Advisory lock key under which one instance at a time runs the retention clean-up. */
    public static final long CLEANUP_LOCK_KEY = 0x41495354_434c4e55L;

    private static final String JOB_COLUMNS = "j.id, j.conversation_id, j.user_id, j.model_id, m.key, j.status::text, "
            + "j.partial_content, j.progress_info::text, j.response_data::text, j.error_message, j.created_at, "
            + "j.started_at, j.completed_at, j.heartbeat_at, j.owner_instance, j.version";
    private static final String SELECT_JOB = "SELECT " + JOB_COLUMNS
            + " FROM ai_streaming_jobs j JOIN ai_models m ON m.id = j.model_id ";

    /**
     * Whether the job can be inserted at all: its conversation is new or the user's. Comes first,
     * so that the gate counts nothing for a job that would not be inserted; one of another user
     * created while the statement runs is still refused by {@code conv}, after the gate counted.
     */
    private static final String PRE = "pre AS (SELECT NOT EXISTS "
            + "(SELECT 1 FROM conversations WHERE id = ? AND user_id <> ?) AS ok)";
    /** Follows the gate's common table expressions; the job's state and times, then {@code pre} and the gate's row. */
    private static final String INSERT_JOB = "conv AS ("
            + "INSERT INTO conversations (id, user_id, title, model_id) SELECT ?, ?, ?, ? WHERE (SELECT admitted FROM gate) "
            + "ON CONFLICT (id) DO UPDATE SET updated_at = NOW(), model_id = EXCLUDED.model_id "
            + "WHERE conversations.user_id = EXCLUDED.user_id RETURNING id), "
            + "msg AS (INSERT INTO messages (message_id, conversation_id, role, content, parts, model_id) "
            + "SELECT ?, conv.id, 'user', ?, ?::jsonb, ? FROM conv "
            + "ON CONFLICT (conversation_id, message_id) DO NOTHING), "
            + "j AS (INSERT INTO ai_streaming_jobs (id, conversation_id, user_id, model_id, status, request_data, "
            + "expires_at, started_at, heartbeat_at, owner_instance, version) "
            + "SELECT ?, conv.id, ?, ?, %s, ?::jsonb, ?, %s FROM conv "
            + "RETURNING status, created_at, started_at, heartbeat_at, version) "
            + "SELECT j.status, j.created_at, j.started_at, j.heartbeat_at, j.version, pre.ok, gate.* "
            + "FROM pre CROSS JOIN gate LEFT JOIN j ON TRUE";
    private static final String INSERT_PENDING = INSERT_JOB.formatted("'pending'", "NULL, NULL, NULL, 0");
    private static final String INSERT_RUNNING = INSERT_JOB.formatted("'running'", "NOW(), NOW(), ?, 1");
    /** Where {@code pre} and then the gate's columns are in the insert's row. */
    private static final int PRE_COLUMN = 6;
    private static final int GATE_COLUMN = 7;

    /** The gate of a store without a guard, or of a guard that checks everything before the insert. */
    private static final CreationGuard.Gate OPEN = new CreationGuard.Gate() {
        @Override
        public int bind(PreparedStatement statement, int first) {
            return first;
        }

        @Override
        public void read(ResultSet row, int first) {
        }
    };
    private static final String OPEN_GATE = "gate AS (SELECT TRUE AS admitted)";

    private final DataSource dataSource;
    private final CreationGuard guard;
    private final String insertPending;
    private final String insertRunning;

    public JdbcJobStore(DataSource dataSource) {
        this(dataSource, CreationGuard.NONE);
    }

    /** A store whose job creations first pass {@code guard}, inside their transaction (e.g. rate limits). */
    public JdbcJobStore(DataSource dataSource, CreationGuard guard) {
        this.dataSource = dataSource;
        this.guard = Objects.requireNonNull(guard, "guard");
        String gate = guard instanceof CreationGuard.Gated gated ? gated.gate("(SELECT ok FROM pre)") : OPEN_GATE;
        this.insertPending = "WITH " + PRE + ", " + gate + ", " + INSERT_PENDING;
        this.insertRunning = "WITH " + PRE + ", " + gate + ", " + INSERT_RUNNING;
    }

    @Override
    public Job create(NewJob job) {
        return insert(job, null);
    }

    /** Creation and {@code pending -> running} at once: one commit before the provider is called. */
    @Override
    public Job start(NewJob job, String ownerInstance) {
        return insert(job, Objects.requireNonNull(ownerInstance, "owner"));
    }

    /**
     * One statement, in auto-commit, so one round trip with its commit: a job without a guard or
     * with a {@link CreationGuard.Gated gated} one. A plain guard's statements come first, in a
     * transaction with the insert.
     */
    private Job insert(NewJob job, String owner) {
        if (guard instanceof CreationGuard.Gated gated) {
            return Sql.read(dataSource, c -> insert(c, job, owner, gated.admission(job)));
        }
        if (guard == CreationGuard.NONE) {
            return Sql.read(dataSource, c -> insert(c, job, owner, OPEN));
        }
        return Sql.inTransaction(dataSource, c -> {
            guard.beforeCreate(c, job);
            return insert(c, job, owner, OPEN);
        });
    }

    /**
     * The statement: whether the conversation is new or the user's ({@code pre}), the guard's gate
     * (see {@link CreationGuard.Gated}), then the conversation (created, or touched when the user
     * owns it), the user message and the job, returning the job's state and times, {@code pre} and
     * the gate's row. The rest of the job is what was inserted. The statement returns no text
     * column on purpose: the driver cannot bound the size of a row with one, and then sends an
     * extra {@code Sync} and waits for its answer before a prepared statement, one more round trip
     * on every chat's admission.
     */
    private Job insert(Connection c, NewJob job, String owner, CreationGuard.Gate gate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(owner == null ? insertPending : insertRunning)) {
            ps.setString(1, job.conversationId());
            ps.setLong(2, job.userId());
            int i = gate.bind(ps, 3) - 1;
            ps.setString(++i, job.conversationId());
            ps.setLong(++i, job.userId());
            ps.setString(++i, job.conversationTitle());
            ps.setInt(++i, job.modelId());
            ps.setString(++i, job.userMessageId());
            ps.setString(++i, job.userMessage());
            ps.setString(++i, job.userMessageParts() == null ? "[]" : job.userMessageParts());
            ps.setInt(++i, job.modelId());
            ps.setObject(++i, job.id());
            ps.setLong(++i, job.userId());
            ps.setInt(++i, job.modelId());
            ps.setString(++i, job.requestData());
            ps.setTimestamp(++i, job.expiresAt() == null ? null : Timestamp.from(job.expiresAt()));
            if (owner != null) {
                ps.setString(++i, owner);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(PRE_COLUMN)) {
                    throw new NotFoundException("conversation", job.conversationId());
                }
                gate.read(rs, GATE_COLUMN);
                String status = rs.getString(1);
                if (status == null) {
                    throw new NotFoundException("conversation", job.conversationId());
                }
                return job.created(JobStatus.fromWire(status), instant(rs, 2), instant(rs, 3),
                        instant(rs, 4), owner, rs.getInt(5));
            }
        }
    }

    /** The assistant message of a job ended outside {@link #finish}: its outcome's content, usage and status. */
    private static void insertAssistantMessage(Connection c, String conversationId, UUID jobId, int modelId,
                                               JobOutcome outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (message_id, conversation_id, role, "
                + "content, parts, input_tokens, output_tokens, reasoning_tokens, cost, finish_reason, status, job_id, "
                + "model_id) VALUES (?, ?, 'assistant', ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (conversation_id, message_id) DO NOTHING")) {
            ps.setString(1, outcome.assistantMessageId());
            ps.setString(2, conversationId);
            ps.setString(3, outcome.content());
            ps.setString(4, ResponseJson.parts(outcome));
            bindUsage(ps, 5, outcome);
            ps.setString(10, outcome.status().wireName());
            ps.setObject(11, jobId);
            ps.setInt(12, modelId);
            ps.executeUpdate();
        }
    }

    /** The message's input, output and reasoning tokens, cost and finish reason, from {@code first} on. */
    private static void bindUsage(PreparedStatement ps, int first, JobOutcome outcome) throws SQLException {
        ps.setLong(first, outcome.usage().inputTokens());
        ps.setLong(first + 1, outcome.usage().outputTokens());
        ps.setLong(first + 2, outcome.usage().reasoningTokens());
        ps.setBigDecimal(first + 3, outcome.cost());
        ps.setString(first + 4, outcome.finishReason() == null ? null : outcome.finishReason().uiName());
    }

    @Override
    public boolean markRunning(UUID jobId, String ownerInstance) {
        return Sql.read(dataSource, c -> markRunning(c, jobId, ownerInstance) == 1);
    }

    private static int markRunning(Connection c, UUID jobId, String ownerInstance) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ai_streaming_jobs SET status = 'running', "
                + "started_at = NOW(), heartbeat_at = NOW(), owner_instance = ?, version = version + 1 "
                + "WHERE id = ? AND status = 'pending'")) {
            ps.setString(1, ownerInstance);
            ps.setObject(2, jobId);
            return ps.executeUpdate();
        }
    }

    /**
     * One statement for the whole batch, whatever its size: the rows come as three arrays, so the
     * database plans and runs one update, not one per job (a batch of thousands, while many
     * streams are held, used to make as many executions).
     */
    @Override
    public List<UUID> checkpoint(Collection<Checkpoint> checkpoints) {
        if (checkpoints.isEmpty()) {
            return List.of();
        }
        return Sql.read(dataSource, c -> {
            int n = checkpoints.size();
            UUID[] ids = new UUID[n];
            String[] contents = new String[n];
            String[] progress = new String[n];
            int i = 0;
            for (Checkpoint cp : checkpoints) {
                ids[i] = cp.jobId();
                contents[i] = cp.partialContent();
                progress[i++] = cp.progressInfo();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ai_streaming_jobs j SET partial_content = cp.content, "
                    + "progress_info = cp.progress::jsonb, heartbeat_at = NOW() "
                    + "FROM unnest(?::uuid[], ?::text[], ?::text[]) AS cp(id, content, progress) "
                    + "WHERE j.id = cp.id AND j.status = 'running' RETURNING j.id")) {
                ps.setArray(1, c.createArrayOf("uuid", ids));
                ps.setArray(2, c.createArrayOf("text", contents));
                ps.setArray(3, c.createArrayOf("text", progress));
                return notReturned(ps, ids);
            }
        });
    }

    @Override
    public List<UUID> heartbeat(Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        return Sql.read(dataSource, c -> {
            UUID[] ids = jobIds.toArray(UUID[]::new);
            try (PreparedStatement ps = c.prepareStatement("UPDATE ai_streaming_jobs SET heartbeat_at = NOW() "
                    + "WHERE id = ANY(?) AND status = 'running' RETURNING id")) {
                ps.setArray(1, c.createArrayOf("uuid", ids));
                return notReturned(ps, ids);
            }
        });
    }

    /** Runs an update that returns the ids it wrote; the given ids it did not write, in their order. */
    private static List<UUID> notReturned(PreparedStatement update, UUID[] ids) throws SQLException {
        Set<UUID> written = new HashSet<>();
        try (ResultSet rs = update.executeQuery()) {
            while (rs.next()) {
                written.add(rs.getObject(1, UUID.class));
            }
        }
        List<UUID> lost = new ArrayList<>();
        for (UUID id : ids) {
            if (!written.contains(id)) {
                lost.add(id);
            }
        }
        return lost;
    }

    /**
     * One statement, in auto-commit: one round trip, its commit included. The conditional update
     * decides, once, how the job ended; the assistant message, with the content the update wrote,
     * is inserted only when it did, into the job's conversation if it still has one.
     */
    @Override
    public boolean finish(UUID jobId, JobOutcome outcome) {
        return Sql.read(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH f AS (UPDATE ai_streaming_jobs "
                    + "SET status = ?::job_status, partial_content = ?, progress_info = COALESCE(?::jsonb, progress_info), "
                    + "response_data = ?::jsonb, error_message = ?, completed_at = NOW(), "
                    + "started_at = COALESCE(started_at, NOW()), version = version + 1 "
                    + "WHERE id = ? AND job_transition_allowed(status, ?::job_status) "
                    + "RETURNING id, conversation_id, model_id, status, partial_content), "
                    + "m AS (INSERT INTO messages (message_id, conversation_id, role, content, parts, input_tokens, "
                    + "output_tokens, reasoning_tokens, cost, finish_reason, status, job_id, model_id) "
                    + "SELECT ?, f.conversation_id, 'assistant', f.partial_content, ?::jsonb, ?, ?, ?, ?, ?, "
                    + "f.status::text, f.id, f.model_id FROM f WHERE f.conversation_id IS NOT NULL "
                    + "ON CONFLICT (conversation_id, message_id) DO NOTHING) "
                    + "SELECT count(*) FROM f")) {
                String status = outcome.status().wireName();
                ps.setString(1, status);
                ps.setString(2, outcome.content());
                ps.setString(3, outcome.progressInfo());
                ps.setString(4, ResponseJson.of(outcome));
                ps.setString(5, outcome.errorMessage());
                ps.setObject(6, jobId);
                ps.setString(7, status);
                ps.setString(8, outcome.assistantMessageId());
                ps.setString(9, ResponseJson.parts(outcome));
                bindUsage(ps, 10, outcome);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == 1;
                }
            }
        });
    }

    @Override
    public Optional<Job> find(UUID jobId) {
        return queryOne(SELECT_JOB + "WHERE j.id = ?", jobId);
    }

    @Override
    public Optional<Job> findForUser(UUID jobId, long userId) {
        return queryOne(SELECT_JOB + "WHERE j.id = ? AND j.user_id = ?", jobId, userId);
    }

    @Override
    public Optional<Job> findActiveInConversation(String conversationId, long userId) {
        return queryOne(SELECT_JOB + "WHERE j.conversation_id = ? AND j.user_id = ? "
                + "AND j.status IN ('pending', 'running') ORDER BY j.created_at DESC LIMIT 1", conversationId, userId);
    }

    private Optional<Job> queryOne(String sql, Object... params) {
        return Sql.read(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JobRows.read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<UUID> failStale(Duration staleAfter, String errorMessage, int limit, Collection<UUID> alive) {
        return Sql.inTransaction(dataSource, c -> {
            List<UUID> failed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE ai_streaming_jobs j SET status = 'failed', "
                    + "error_message = ?, completed_at = NOW(), version = version + 1 "
                    + "WHERE j.id IN (SELECT id FROM ai_streaming_jobs WHERE status IN ('pending', 'running') "
                    + "AND COALESCE(heartbeat_at, created_at) < NOW() - make_interval(secs => ?) "
                    + "AND id <> ALL (?) "
                    + "ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED) "
                    + "RETURNING j.id, j.conversation_id, j.model_id, COALESCE(j.partial_content, '')")) {
                ps.setString(1, errorMessage);
                ps.setDouble(2, staleAfter.toMillis() / 1000.0);
                ps.setArray(3, c.createArrayOf("uuid", alive.toArray()));
                ps.setInt(4, limit);
                record Stale(UUID id, String conversationId, int modelId, String content) {
                }
                List<Stale> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Stale(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getString(4)));
                    }
                }
                for (Stale row : rows) {
                    UUID id = row.id();
                    JobOutcome outcome = new JobOutcome(JobStatus.FAILED, row.content(), "", null, null,
                            errorMessage, null, null, JobEngine.messageId(id));
                    if (row.conversationId() != null) {
                        insertAssistantMessage(c, row.conversationId(), id, row.modelId(), outcome);
                    }
                    failed.add(id);
                }
            }
            return failed;
        });
    }

    @Override
    public int cleanup() {
        return Sql.read(dataSource, c -> {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + CLEANUP_LOCK_KEY + ")")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return -1;
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT cleanup_expired_streaming_jobs()")) {
                    rs.next();
                    return rs.getInt(1);
                } finally {
                    s.execute("SELECT pg_advisory_unlock(" + CLEANUP_LOCK_KEY + ")");
                }
            }
        });
    }

    @Override
    public Map<JobStatus, Long> countByStatus() {
        return Sql.read(dataSource, c -> {
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            for (JobStatus s : JobStatus.values()) {
                counts.put(s, 0L);
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT status::text, count(*) FROM ai_streaming_jobs GROUP BY status")) {
                while (rs.next()) {
                    counts.put(JobStatus.fromWire(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
