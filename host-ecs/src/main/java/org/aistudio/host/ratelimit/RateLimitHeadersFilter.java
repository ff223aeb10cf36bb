package org.aistudio.host.ratelimit;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.aistudio.core.ratelimit.RateLimitDecision;

/** Adds the {@code X-RateLimit-*} headers to every response whose request was admitted by the rate limits. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RateLimitHeadersFilter {

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(RateLimits.DECISION_ATTRIBUTE, RateLimitDecision.class)
                .ifPresent(decision -> RateLimitHeaders.of(decision).forEach(response.getHeaders()::set));
    }
}
