package org.aistudio.host.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.provider.Usage;

/**
 * Records the streaming metrics. The job observer calls the job methods; the resilience wrapper
 * calls {@link #retry} and {@link #fallback}, the rate limiter {@link #rateLimited}. Every method
 * is cheap and never throws: metrics must not break a request.
 */
@Singleton
public class StreamingMetrics {

    /**
     * Histogram buckets of the latency timers: Prometheus gets p50 / p99 from them
     * ({@code histogram_quantile}); they span a fast first token to a long reasoning answer.
     */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
        Duration.ofSeconds(300), Duration.ofSeconds(900)};

    private static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;

    public StreamingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A job was admitted and its provider called. */
    public void jobCreated(String provider, String model) {
        counter(MeterNames.JOBS_CREATED, "Jobs created: admitted and their provider called", model(provider, model)).increment();
    }

    /** The first text or reasoning of a job arrived. */
    public void firstToken(String provider, String model, Duration timeToFirstToken) {
        timer(MeterNames.TIME_TO_FIRST_TOKEN, "Time from the call to the first text or reasoning",
                model(provider, model)).record(timeToFirstToken);
    }

    /**
     * A job ended: counted by its status, its tokens added, and the latency of a completed answer
     * recorded.
     *
     * @param errorCode the failure's code for failed jobs, else null
     */
    public void jobEnded(String provider, String model, JobStatus status, Duration duration, Usage usage,
                         String errorCode) {
        Tags tags = model(provider, model);
        switch (status) {
            case COMPLETED -> {
                counter(MeterNames.JOBS_COMPLETED, "Jobs that ended completed", tags).increment();
                timer(MeterNames.PROCESSING_LATENCY, "Time from the call to the end of answers that completed", tags)
                        .record(duration);
            }
            case FAILED -> counter(MeterNames.JOBS_FAILED, "Jobs that ended failed, by error code",
                    tags.and(MeterNames.TAG_ERROR, errorCode == null ? UNKNOWN : errorCode)).increment();
            case CANCELLED -> counter(MeterNames.JOBS_CANCELLED, "Jobs cancelled by their user", tags).increment();
            default -> {
                // Not an ending: nothing to count.
            }
        }
        if (usage != null) {
            if (usage.inputTokens() > 0) {
                counter(MeterNames.TOKENS_IN, "Prompt tokens", tags).increment(usage.inputTokens());
            }
            if (usage.outputTokens() > 0) {
                counter(MeterNames.TOKENS_OUT, "Generated tokens, reasoning included", tags).increment(usage.outputTokens());
            }
        }
    }

    /** An attempt on {@code provider} / {@code model} failed and is tried again. */
    public void retry(String provider, String model) {
        counter(MeterNames.RETRIES, "Provider calls tried again", model(provider, model)).increment();
    }

    /** {@code fromModel} of {@code provider} gave up and {@code toModel} is tried next. */
    public void fallback(String provider, String fromModel, String toModel) {
        counter(MeterNames.FALLBACKS, "Answers moved to a fallback model", model(provider, fromModel)
                .and(MeterNames.TAG_TO_MODEL, toModel == null ? UNKNOWN : toModel)).increment();
    }

    /** A request was refused by the rate limit named {@code limitName}. */
    public void rateLimited(String limitName) {
        counter(MeterNames.RATE_LIMIT_REJECTIONS, "Requests refused by a rate limit", Tags.of(MeterNames.TAG_LIMIT,
                limitName == null ? UNKNOWN : limitName)).increment();
    }

    /** The retention clean-up removed {@code rows} job rows. */
    public void cleanedUp(int rows) {
        counter(MeterNames.CLEANUP_ROWS, "Job rows removed by the retention clean-up", Tags.empty()).increment(Math.max(0, rows));
    }

    /** The stale-job sweeper failed {@code count} jobs of a lost instance. */
    public void jobsLost(int count) {
        counter(MeterNames.JOBS_LOST, "Jobs failed because their instance stopped heartbeating", Tags.empty()).increment(Math.max(0, count));
    }

    /** A batch of checkpoints and heartbeats was committed {@code delay} after it was made. */
    public void heartbeatsWritten(Duration delay) {
        timer(MeterNames.HEARTBEAT_DELAY, "Time from making a batch of checkpoints and heartbeats to its commit",
                Tags.empty()).record(delay);
    }

    /** A background task of the engine failed (it runs again at its next tick). */
    public void backgroundFailure(String task) {
        counter(MeterNames.BACKGROUND_FAILURES, "Failed runs of the engine's background tasks", Tags.of(MeterNames.TAG_TASK, task == null ? UNKNOWN : task))
                .increment();
    }

    private static Tags model(String provider, String model) {
        return Tags.of(MeterNames.TAG_PROVIDER, provider == null ? UNKNOWN : provider,
                MeterNames.TAG_MODEL, model == null ? UNKNOWN : model);
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }
}
