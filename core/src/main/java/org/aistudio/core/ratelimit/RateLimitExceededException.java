package org.aistudio.core.ratelimit;

import org.aistudio.core.AiStudioException;

/** A request refused by a rate limit; nothing was written. Retriable after the decision's wait. */
public class RateLimitExceededException extends AiStudioException {

    private final long userId;
    private final RateLimitDecision decision;

    public RateLimitExceededException(long userId, RateLimitDecision decision) {
        super("user " + userId + " is over the " + decision.which() + " limit of " + decision.limit()
                + "; retry after " + decision.retryAfterSeconds() + "s", true);
        this.userId = userId;
        this.decision = decision;
    }

    public long userId() {
        return userId;
    }

    public RateLimitDecision decision() {
        return decision;
    }
}
