package org.aistudio.host.ratelimit;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.aistudio.core.ratelimit.RateLimitDecision;
import org.aistudio.core.ratelimit.RateLimitExceededException;
import org.aistudio.host.metrics.StreamingMetrics;
import org.aistudio.host.error.ApiException;
import org.aistudio.host.error.ApiExceptionHandler;

/** A refused request: 429 {@code rate_limited} with {@code Retry-After} and the {@code X-RateLimit-*} headers. */
@Produces
@Singleton
public class RateLimitExceededHandler implements ExceptionHandler<RateLimitExceededException, HttpResponse<?>> {

    private final ApiExceptionHandler delegate;
    private final StreamingMetrics metrics;

    public RateLimitExceededHandler(ApiExceptionHandler delegate, StreamingMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RateLimitExceededException e) {
        RateLimitDecision d = e.decision();
        metrics.rateLimited(d.which().name().toLowerCase(java.util.Locale.ROOT));
        String message = switch (d.which()) {
            case PER_MINUTE -> "You may start " + d.limit() + " chats a minute; try again in "
                    + d.retryAfterSeconds() + " s.";
            case CONCURRENT -> "You already have " + d.limit() + " answers streaming; wait for one to finish "
                    + "or cancel it, then try again.";
        };
        return delegate.handle(request, new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", message,
                RateLimitHeaders.of(d)));
    }
}
