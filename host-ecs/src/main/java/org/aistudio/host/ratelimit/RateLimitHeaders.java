package org.aistudio.host.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.aistudio.core.ratelimit.RateLimitDecision;

/** The headers that tell a client about its rate limit. */
final class RateLimitHeaders {

    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";
    static final String RETRY_AFTER = "Retry-After";

    private RateLimitHeaders() {
    }

    static Map<String, String> of(RateLimitDecision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(LIMIT, Integer.toString(decision.limit()));
        headers.put(REMAINING, Integer.toString(decision.remaining()));
        headers.put(RESET, Long.toString(decision.resetEpochSeconds()));
        if (!decision.allowed()) {
            headers.put(RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        }
        return headers;
    }
}
