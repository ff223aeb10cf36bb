-- The concurrency limit's count under the user's lock, callable from inside one statement
-- (JdbcRateLimiter). Takes the user's transaction-scoped advisory lock, then counts the user's
-- pending and running jobs.
--
-- Why a function: under READ COMMITTED a statement sees what was committed when it began, so a
-- count in the statement that waited for the lock could miss the job that the lock's previous
-- holder committed meanwhile. A VOLATILE function takes a fresh snapshot for each query it runs:
-- the count below sees that job. A job's admission (the lock, the counts and the inserts) is
-- therefore one statement, committed in the same round trip, and the lock is held until then.
CREATE FUNCTION rate_limit_active_jobs(p_lock_namespace INTEGER, p_lock_key INTEGER, p_user_id BIGINT)
RETURNS BIGINT
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    active BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(p_lock_namespace, p_lock_key);
    SELECT count(*) INTO active
      FROM ai_streaming_jobs
     WHERE user_id = p_user_id AND status IN ('pending', 'running');
    RETURN active;
END;
$$;
