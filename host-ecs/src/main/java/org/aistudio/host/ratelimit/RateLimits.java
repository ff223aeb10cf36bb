package org.aistudio.host.ratelimit;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;
import java.util.Optional;
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
            return startWithoutWaiting(userId, jobId, start).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * {@link #start} without waiting: the future ends once the rows are written, after the
     * decision has reached the current request. It fails with the start's own exception, not
     * wrapped, so that its handler applies.
     */
    public CompletableFuture<LiveJob> startWithoutWaiting(long userId, UUID jobId,
                                                          Supplier<CompletableFuture<LiveJob>> start) {
        Optional<HttpRequest<Object>> request = ServerRequestContext.currentRequest();
        CompletableFuture<LiveJob> started;
        try {
            started = start.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<LiveJob> result = new CompletableFuture<>();
        started.whenComplete((job, failure) -> {
            guard.take(jobId).ifPresent(decision -> request.ifPresent(r -> r.setAttribute(DECISION_ATTRIBUTE, decision)));
            if (failure == null) {
                result.complete(job);
                return;
            }
            guard.forget(userId);
            result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure);
        });
        return result;
    }
}
