-- AI Studio Streaming: users, model catalogue, conversations, messages and streaming jobs.
-- The job lifecycle is enforced here as well as in the application (JobStatus): a job moves
-- pending -> running -> completed | failed | cancelled, or pending -> failed | cancelled.

CREATE TYPE job_status AS ENUM ('pending', 'running', 'completed', 'failed', 'cancelled');

CREATE TABLE users (
    id           BIGSERIAL PRIMARY KEY,
    subject      TEXT        NOT NULL UNIQUE,
    roles        TEXT[]      NOT NULL DEFAULT '{}',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE ai_models (
    id                  SERIAL PRIMARY KEY,
    key                 TEXT          NOT NULL UNIQUE CHECK (key ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$'),
    name                TEXT          NOT NULL,
    provider            TEXT          NOT NULL,
    provider_model_id   TEXT          NOT NULL,
    active              BOOLEAN       NOT NULL DEFAULT TRUE,
    max_tokens          INTEGER       CHECK (max_tokens IS NULL OR max_tokens > 0),
    input_cost_per_1k   NUMERIC(14,6) NOT NULL DEFAULT 0 CHECK (input_cost_per_1k >= 0),
    output_cost_per_1k  NUMERIC(14,6) NOT NULL DEFAULT 0 CHECK (output_cost_per_1k >= 0),
    fallbacks           TEXT[]        NOT NULL DEFAULT '{}',
    capabilities        JSONB         NOT NULL DEFAULT '{}'::jsonb,
    first_token_timeout_ms INTEGER    CHECK (first_token_timeout_ms IS NULL OR first_token_timeout_ms > 0),
    idle_timeout_ms        INTEGER    CHECK (idle_timeout_ms IS NULL OR idle_timeout_ms > 0),
    total_timeout_ms       INTEGER    CHECK (total_timeout_ms IS NULL OR total_timeout_ms > 0),
    created_at          TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    updated_at          TIMESTAMPTZ   NOT NULL DEFAULT NOW()
);

-- A model with no grants is open to every user; with grants, only to users holding one of the roles.
CREATE TABLE model_access_grants (
    model_id   INTEGER NOT NULL REFERENCES ai_models (id) ON DELETE CASCADE,
    role       TEXT    NOT NULL,
    PRIMARY KEY (model_id, role)
);

CREATE TABLE conversations (
    id         TEXT        PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    title      TEXT,
    model_id   INTEGER     REFERENCES ai_models (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_conversations_user_updated ON conversations (user_id, updated_at DESC);

CREATE TABLE messages (
    id                BIGSERIAL   PRIMARY KEY,
    message_id        TEXT        NOT NULL,
    conversation_id   TEXT        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role              TEXT        NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content           TEXT        NOT NULL,
    parts             JSONB       NOT NULL DEFAULT '[]'::jsonb,
    input_tokens      BIGINT,
    output_tokens     BIGINT,
    reasoning_tokens  BIGINT,
    cost              NUMERIC(14,6),
    finish_reason     TEXT,
    status            TEXT,
    -- Not a foreign key: jobs are cleaned up after a day, the conversation's history stays.
    job_id            UUID,
    model_id          INTEGER     REFERENCES ai_models (id),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_messages_conversation ON messages (conversation_id, id);
-- The AI SDK sends the whole history with every request: a message is stored once.
CREATE UNIQUE INDEX idx_messages_conversation_message ON messages (conversation_id, message_id);
CREATE UNIQUE INDEX idx_messages_job_assistant ON messages (job_id) WHERE job_id IS NOT NULL AND role = 'assistant';

CREATE TABLE ai_streaming_jobs (
    id               UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id  TEXT,
    user_id          BIGINT      NOT NULL REFERENCES users (id),
    model_id         INTEGER     NOT NULL REFERENCES ai_models (id),
    status           job_status  NOT NULL DEFAULT 'pending',
    request_data     JSONB       NOT NULL,
    response_data    JSONB,
    partial_content  TEXT,
    progress_info    JSONB,
    error_message    TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    started_at       TIMESTAMPTZ,
    completed_at     TIMESTAMPTZ,
    expires_at       TIMESTAMPTZ,
    heartbeat_at     TIMESTAMPTZ,
    owner_instance   TEXT,
    version          INTEGER     NOT NULL DEFAULT 0
);

-- The operations guide's four indexes.
CREATE INDEX idx_ai_streaming_jobs_user_status
    ON ai_streaming_jobs (user_id, status, created_at DESC);
CREATE INDEX idx_ai_streaming_jobs_status_created
    ON ai_streaming_jobs (status, created_at)
    WHERE status IN ('pending', 'running');
CREATE INDEX idx_ai_streaming_jobs_expires
    ON ai_streaming_jobs (expires_at)
    WHERE expires_at IS NOT NULL;
CREATE INDEX idx_ai_streaming_jobs_conversation
    ON ai_streaming_jobs (conversation_id, user_id, created_at DESC);

-- The legal transitions, in one place for the database.
CREATE FUNCTION job_transition_allowed(p_from job_status, p_to job_status)
RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE AS $$
    SELECT (p_from = 'pending' AND p_to IN ('running', 'failed', 'cancelled'))
        OR (p_from = 'running' AND p_to IN ('completed', 'failed', 'cancelled'));
$$;

-- Moves a job to p_status when the lifecycle allows it; returns false (and changes nothing) for
-- an unknown job or an illegal transition. Conditional on the current status, so of two
-- concurrent callers exactly one wins.
CREATE FUNCTION update_job_status(
    p_job_id          UUID,
    p_status          job_status,
    p_partial_content TEXT  DEFAULT NULL,
    p_progress_info   JSONB DEFAULT NULL,
    p_error_message   TEXT  DEFAULT NULL
) RETURNS BOOLEAN
LANGUAGE plpgsql AS $$
DECLARE
    updated_rows INTEGER;
BEGIN
    UPDATE ai_streaming_jobs
       SET status          = p_status,
           partial_content = COALESCE(p_partial_content, partial_content),
           progress_info   = COALESCE(p_progress_info, progress_info),
           error_message   = COALESCE(p_error_message, error_message),
           started_at      = CASE WHEN p_status = 'running' AND started_at IS NULL THEN NOW() ELSE started_at END,
           heartbeat_at    = CASE WHEN p_status = 'running' THEN NOW() ELSE heartbeat_at END,
           completed_at    = CASE WHEN p_status IN ('completed', 'failed', 'cancelled') THEN NOW() ELSE completed_at END,
           version         = version + 1
     WHERE id = p_job_id
       AND job_transition_allowed(status, p_status);
    GET DIAGNOSTICS updated_rows = ROW_COUNT;
    RETURN updated_rows > 0;
END;
$$;

-- Retention: expired jobs; completed older than 24 h; failed or cancelled older than 1 h;
-- pending older than 2 h. Running jobs are never removed here (the stale-job sweeper ends them).
CREATE FUNCTION cleanup_expired_streaming_jobs()
RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    deleted_count INTEGER;
BEGIN
    DELETE FROM ai_streaming_jobs
     WHERE (expires_at < NOW() AND status <> 'running')
        OR (status = 'completed' AND created_at < NOW() - INTERVAL '24 hours')
        OR (status IN ('failed', 'cancelled') AND created_at < NOW() - INTERVAL '1 hour')
        OR (status = 'pending' AND created_at < NOW() - INTERVAL '2 hours');
    GET DIAGNOSTICS deleted_count = ROW_COUNT;
    RETURN deleted_count;
END;
$$;

-- The built-in demo provider, so a fresh installation can chat at once.
INSERT INTO ai_models (key, name, provider, provider_model_id, max_tokens, input_cost_per_1k,
                       output_cost_per_1k, capabilities)
VALUES ('demo', 'Demo (built in)', 'demo', 'demo-1', 4096, 0.001, 0.002,
        '{"streaming": true, "reasoning": true}'::jsonb);
