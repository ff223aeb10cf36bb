package org.aistudio.host.ratelimit;

import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.aistudio.core.job.LiveJob;
import org.aistudio.core.ratelimit.JobCreationRateLimit;
import org.aistudio.core.ratelimit.RateLimitDecision;

/**
 * Starts a job under the rate limits and hands the admitting decision to the response (as the
 * {@code X-RateLimit-*} headers, see {@link RateLimitHeadersFilter}). The limits themselves are
 * checked inside the job's creation transaction ({@link JobCreationRateLimit}); a refusal arrives
 * here as {@link org.aistudio.core.ratelimit.RateLimitExceededException} and becomes a 429.
 */
@Singleton
public class RateLimits {

    /** Request attribute holding the {@link RateLimitDecision} that admitted the request. */
    public static final String DECISION_ATTRIBUTE = "aistudio.rateLimit";

    private final JobCreationRateLimit guard;

    public RateLimits(JobCreationRateLimit guard) {
        this.guard = guard;
    }

    /** Whether the user's next job will very likely pass the limits (see {@link JobCreationRateLimit#likelyAdmits}). */
    public boolean likelyAdmits(long userId) {
        return guard.likelyAdmits(userId);
    }

    /**
     * Runs {@code start} (which creates job {@code jobId} of user {@code userId}) and waits for its
     * rows to be written. Exceptions of the start are rethrown as they are, not wrapped, so their
     * handlers apply.
     */
    public LiveJob start(long userId, UUID jobId, Supplier<CompletableFuture<LiveJob>> start) {
        try {
            return start.get().join();
        } catch (RuntimeException e) {
            guard.forget(userId);
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            guard.take(jobId).ifPresent(decision -> ServerRequestContext.currentRequest()
                    .ifPresent(request -> request.setAttribute(DECISION_ATTRIBUTE, decision)));
        }
    }
}
