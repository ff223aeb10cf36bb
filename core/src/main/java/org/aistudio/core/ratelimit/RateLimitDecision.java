package org.aistudio.core.ratelimit;

/**
 * The answer of one rate-limit check, with what a client needs to pace itself (the
 * {@code X-RateLimit-*} and {@code Retry-After} headers).
 *
 * @param allowed whether the request may go ahead
 * @param which the limit this decision describes: the one that refused, or the per-minute one
 * @param limit that limit's value for this user
 * @param remaining how many more requests that limit allows now
 * @param resetEpochSeconds when that limit frees up again (epoch seconds)
 * @param retryAfterSeconds 0 when allowed, else how long to wait before trying again (at least 1)
 */
public record RateLimitDecision(boolean allowed, Limit which, int limit, int remaining, long resetEpochSeconds,
                                long retryAfterSeconds) {

    /** Which limit a decision is about. */
    public enum Limit {
        /** Job creations per user per minute. */
        PER_MINUTE,
        /** Pending or running jobs per user at once. */
        CONCURRENT
    }

    public RateLimitDecision {
        if (which == null) {
            throw new IllegalArgumentException("a decision names its limit");
        }
        if (remaining < 0 || retryAfterSeconds < 0 || (!allowed && retryAfterSeconds < 1)) {
            throw new IllegalArgumentException("inconsistent rate-limit decision: remaining " + remaining
                    + ", retry after " + retryAfterSeconds);
        }
    }
}
