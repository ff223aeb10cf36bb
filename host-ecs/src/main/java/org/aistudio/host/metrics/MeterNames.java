package org.aistudio.host.metrics;

/**
 * The meters of the streaming system and their tags. Prometheus shows them in its own form
 * ({@code aistudio.jobs.created} is {@code aistudio_jobs_created_total}); CloudWatch under the
 * operations guide's names (see {@code cloudwatch.CloudWatchNames}).
 */
public final class MeterNames {

    /**
     * Jobs created: admitted, written and their provider called. Not {@code ...jobs.created}:
     * Prometheus reserves the {@code _created} suffix and would drop it.
     */
    public static final String JOBS_CREATED = "aistudio.jobs.started";
    public static final String JOBS_COMPLETED = "aistudio.jobs.completed";
    public static final String JOBS_FAILED = "aistudio.jobs.failed";
    public static final String JOBS_CANCELLED = "aistudio.jobs.cancelled";
    /** Start to last token of answers that completed. */
    public static final String PROCESSING_LATENCY = "aistudio.jobs.processing.latency";
    public static final String TIME_TO_FIRST_TOKEN = "aistudio.jobs.time.to.first.token";
    public static final String TOKENS_IN = "aistudio.tokens.in";
    public static final String TOKENS_OUT = "aistudio.tokens.out";
    /** Answers running on this instance now (the guide's "queue depth"). */
    public static final String ACTIVE_STREAMS = "aistudio.streams.active";
    public static final String RETRIES = "aistudio.provider.retries";
    public static final String FALLBACKS = "aistudio.provider.fallbacks";
    public static final String RATE_LIMIT_REJECTIONS = "aistudio.ratelimit.rejections";
    public static final String CLEANUP_ROWS = "aistudio.cleanup.rows";
    /** Jobs the stale-job sweeper failed because their instance stopped heartbeating. */
    public static final String JOBS_LOST = "aistudio.jobs.lost";
    /** From making a batch of checkpoints and heartbeats to its commit, its wait for a thread included. */
    public static final String HEARTBEAT_DELAY = "aistudio.jobs.heartbeat.delay";
    public static final String BACKGROUND_FAILURES = "aistudio.background.failures";

    public static final String TAG_PROVIDER = "provider";
    public static final String TAG_MODEL = "model";
    /** The error code of a failed job (e.g. {@code timeout}, {@code rate_limited}). */
    public static final String TAG_ERROR = "error";
    /** The model a fallback went to; the {@code model} tag is the one it left. */
    public static final String TAG_TO_MODEL = "to_model";
    /** Which limit refused a request (e.g. {@code per_minute}, {@code concurrent}). */
    public static final String TAG_LIMIT = "limit";
    public static final String TAG_TASK = "task";
    /** Added to every meter CloudWatch receives: {@code AISTUDIO_ENV}. */
    public static final String TAG_ENVIRONMENT = "environment";

    private MeterNames() {
    }
}
