package org.aistudio.core.provider.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.ProviderException;

/**
 * How failed attempts are retried on the same target: exponential backoff with full jitter, or the
 * upstream's {@code Retry-After} when it sent one (capped). Immutable; validated on build.
 */
public final class RetryPolicy {

    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(250);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(8);
    /** Attempts per target, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(20);

    /** The defaults above. */
    public static final RetryPolicy DEFAULTS = builder().build();
    /** One attempt per target: no retries (fallbacks still apply). */
    public static final RetryPolicy NO_RETRIES = builder().maxAttempts(1).build();

    private final Duration initialDelay;
    private final double multiplier;
    private final Duration maxDelay;
    private final int maxAttempts;
    private final Duration maxRetryAfter;

    private RetryPolicy(Builder b) {
        this.initialDelay = notNegative(b.initialDelay, "initialDelay");
        this.maxDelay = notNegative(b.maxDelay, "maxDelay");
        this.maxRetryAfter = notNegative(b.maxRetryAfter, "maxRetryAfter");
        if (!(b.multiplier >= 1.0) || Double.isInfinite(b.multiplier)) {
            throw new IllegalArgumentException("retry policy: multiplier must be a number >= 1; got " + b.multiplier);
        }
        this.multiplier = b.multiplier;
        if (b.maxAttempts < 1) {
            throw new IllegalArgumentException("retry policy: maxAttempts counts the first attempt and must be >= 1; got "
                    + b.maxAttempts);
        }
        this.maxAttempts = b.maxAttempts;
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry policy: maxDelay (" + maxDelay + ") is shorter than initialDelay ("
                    + initialDelay + ")");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration initialDelay() {
        return initialDelay;
    }

    public double multiplier() {
        return multiplier;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry): the upstream's
     * {@code Retry-After} capped at {@link #maxRetryAfter()} when present, otherwise a uniformly random
     * duration between zero and {@code min(maxDelay, initialDelay * multiplier^(retry-1))}.
     *
     * <p>The first retry after a {@link ErrorKind#NETWORK} failure goes at once: what fails most
     * often that way is a kept-alive connection the server had closed, and a new one is the cure.
     * This is the one place such a request is sent again; the HTTP client is not asked to resend
     * POSTs by itself.
     */
    public Duration delayBefore(int retry, ProviderException error, RandomGenerator random) {
        if (error != null && error.retryAfter().isPresent()) {
            Duration asked = error.retryAfter().get();
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        if (retry == 1 && error != null && error.kind() == ErrorKind.NETWORK) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (random.nextDouble() * ceiling(retry)));
    }

    /** The upper bound, in nanoseconds, of the jittered backoff before retry number {@code retry}. */
    long ceiling(int retry) {
        double nanos = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
        return (long) Math.min(nanos, maxDelay.toNanos());
    }

    @Override
    public String toString() {
        return "RetryPolicy{initialDelay=" + initialDelay + ", multiplier=" + multiplier + ", maxDelay=" + maxDelay
                + ", maxAttempts=" + maxAttempts + ", maxRetryAfter=" + maxRetryAfter + "}";
    }

    private static Duration notNegative(Duration value, String what) {
        Objects.requireNonNull(value, "retry policy: " + what + " is required");
        if (value.isNegative()) {
            throw new IllegalArgumentException("retry policy: " + what + " cannot be negative; got " + value);
        }
        return value;
    }

    /** Builds a {@link RetryPolicy}; every option has a default. */
    public static final class Builder {
        private Duration initialDelay = DEFAULT_INITIAL_DELAY;
        private double multiplier = DEFAULT_MULTIPLIER;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;

        private Builder() {
        }

        /** The backoff ceiling of the first retry. */
        public Builder initialDelay(Duration value) {
            this.initialDelay = value;
            return this;
        }

        /** How much the backoff ceiling grows per retry. */
        public Builder multiplier(double value) {
            this.multiplier = value;
            return this;
        }

        /** The largest backoff ceiling. */
        public Builder maxDelay(Duration value) {
            this.maxDelay = value;
            return this;
        }

        /** Attempts per target, the first included (1 means no retries). */
        public Builder maxAttempts(int value) {
            this.maxAttempts = value;
            return this;
        }

        /** The longest {@code Retry-After} honoured; longer requests wait this long. */
        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = value;
            return this;
        }

        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
