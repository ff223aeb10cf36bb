-- Per-user rate-limit windows of job creations (JdbcRateLimiter), shared by every instance.
-- One row per user: a window opens at the user's first creation and lasts a minute; the same
-- INSERT ... ON CONFLICT statement that counts a creation restarts a window that has passed, so
-- old windows never accumulate. The concurrency limit needs no table: it counts the user's
-- pending and running rows of ai_streaming_jobs (index idx_ai_streaming_jobs_user_status).
CREATE TABLE rate_limit_windows (
    user_id      BIGINT      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    window_start TIMESTAMPTZ NOT NULL,
    hits         INTEGER     NOT NULL CHECK (hits >= 0)
);
