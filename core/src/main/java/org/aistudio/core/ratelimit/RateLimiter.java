package org.aistudio.core.ratelimit;

import java.util.Set;

/** Counts job creations per user and checks them, with the concurrent streams, against a policy. */
public interface RateLimiter {

    /**
     * Checks both limits of this user and, when both allow it, counts one creation. A refused
     * request is not counted.
     *
     * @param roles the user's roles, which select per-role overrides of the policy
     */
    RateLimitDecision acquire(long userId, Set<String> roles);
}
