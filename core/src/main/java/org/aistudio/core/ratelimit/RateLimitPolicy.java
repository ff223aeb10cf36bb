package org.aistudio.core.ratelimit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How many jobs a user may create per minute and how many may stream at once, with overrides
 * per role. Immutable; build it with {@link #builder()}.
 *
 * <p>Overrides resolve per limit: among the caller's roles that override a limit, the most
 * generous one wins; when none of the caller's roles overrides it, the default applies. So a
 * restrictive role ({@code trial: 2}) restricts only users who hold no more generous override.
 */
public final class RateLimitPolicy {

    /** Job creations per user per minute ({@code AISTUDIO_RATE_LIMIT_PER_MINUTE}). */
    public static final int DEFAULT_PER_MINUTE = 10;
    /** Pending or running jobs per user at once ({@code AISTUDIO_RATE_LIMIT_CONCURRENT}). */
    public static final int DEFAULT_CONCURRENT = 3;
    /** The {@code Retry-After} given when the concurrency limit refuses: streams end at no known time. */
    public static final Duration DEFAULT_CONCURRENT_RETRY_AFTER = Duration.ofSeconds(5);
    /** The window of the per-minute limit. */
    public static final Duration WINDOW = Duration.ofMinutes(1);

    private final Limits defaults;
    private final Map<String, Integer> perMinuteByRole;
    private final Map<String, Integer> concurrentByRole;
    private final Duration concurrentRetryAfter;

    private RateLimitPolicy(Builder b) {
        this.defaults = new Limits(b.perMinute, b.concurrent);
        this.perMinuteByRole = Map.copyOf(b.perMinuteByRole);
        this.concurrentByRole = Map.copyOf(b.concurrentByRole);
        this.concurrentRetryAfter = b.concurrentRetryAfter;
    }

    /** The policy with the documented defaults and no overrides. */
    public static RateLimitPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The limits that apply to a user holding these roles. */
    public Limits limitsFor(Set<String> roles) {
        return new Limits(resolve(perMinuteByRole, roles).orElse(defaults.perMinute()),
                resolve(concurrentByRole, roles).orElse(defaults.concurrent()));
    }

    /** The limits of a user whose roles have no override. */
    public Limits defaultLimits() {
        return defaults;
    }

    /** The per-minute limits of the roles that override the default. */
    public Map<String, Integer> perMinuteOverrides() {
        return perMinuteByRole;
    }

    /** The concurrent limits of the roles that override the default. */
    public Map<String, Integer> concurrentOverrides() {
        return concurrentByRole;
    }

    /** How long a client refused by the concurrency limit is told to wait. */
    public Duration concurrentRetryAfter() {
        return concurrentRetryAfter;
    }

    private static OptionalInt resolve(Map<String, Integer> overrides, Set<String> roles) {
        return roles.stream().filter(overrides::containsKey).mapToInt(overrides::get).max();
    }

    /**
     * The limits of one user.
     *
     * @param perMinute job creations allowed in one window of {@link #WINDOW}
     * @param concurrent pending or running jobs allowed at once
     */
    public record Limits(int perMinute, int concurrent) {
    }

    /** Builds a {@link RateLimitPolicy}; every value is checked when set. */
    public static final class Builder {
        private int perMinute = DEFAULT_PER_MINUTE;
        private int concurrent = DEFAULT_CONCURRENT;
        private Duration concurrentRetryAfter = DEFAULT_CONCURRENT_RETRY_AFTER;
        private final Map<String, Integer> perMinuteByRole = new HashMap<>();
        private final Map<String, Integer> concurrentByRole = new HashMap<>();

        private Builder() {
        }

        /** Job creations per user per minute for roles without an override; at least 1. */
        public Builder perMinute(int perMinute) {
            this.perMinute = positive("per-minute limit", perMinute);
            return this;
        }

        /** Pending or running jobs per user for roles without an override; at least 1. */
        public Builder concurrent(int concurrent) {
            this.concurrent = positive("concurrent limit", concurrent);
            return this;
        }

        /** The wait told to a client refused by the concurrency limit; at least a second. */
        public Builder concurrentRetryAfter(Duration retryAfter) {
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (retryAfter.toSeconds() < 1) {
                throw new IllegalArgumentException("the concurrent retry-after must be at least 1s, got " + retryAfter);
            }
            this.concurrentRetryAfter = retryAfter;
            return this;
        }

        /** Overrides the per-minute limit for a role. */
        public Builder rolePerMinute(String role, int perMinute) {
            perMinuteByRole.put(role(role), positive("per-minute limit of role '" + role + "'", perMinute));
            return this;
        }

        /** Overrides the concurrent limit for a role. */
        public Builder roleConcurrent(String role, int concurrent) {
            concurrentByRole.put(role(role), positive("concurrent limit of role '" + role + "'", concurrent));
            return this;
        }

        public RateLimitPolicy build() {
            return new RateLimitPolicy(this);
        }

        private static String role(String role) {
            if (role == null || role.isBlank()) {
                throw new IllegalArgumentException("a rate-limit override needs a role name");
            }
            return role;
        }

        private static int positive(String what, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("the " + what + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
