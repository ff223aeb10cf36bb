package org.aistudio.core.provider.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.ProviderException;

/**
 * When a provider's circuit opens and for how long. The circuit opens after
 * {@link #consecutiveFailures()} failures in a row, or when at least {@link #minimumCalls()} of the
 * last {@link #windowSize()} calls were made and the share of failures among them reaches
 * {@link #failureRateThreshold()}. It stays open {@link #openDuration()}, then lets one trial call
 * through. Immutable; validated on build.
 */
public final class CircuitBreakerConfig {

    public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
    public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 0.5;
    public static final int DEFAULT_WINDOW_SIZE = 20;
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);
    /** Failures that say the provider is unwell; a refused prompt or a bad key does not. */
    public static final Set<ErrorKind> DEFAULT_RECORDED_KINDS = Set.copyOf(EnumSet.of(ErrorKind.RATE_LIMITED,
            ErrorKind.UNAVAILABLE, ErrorKind.NETWORK, ErrorKind.TIMEOUT, ErrorKind.INCOMPLETE,
            ErrorKind.MALFORMED_RESPONSE));

    public static final CircuitBreakerConfig DEFAULTS = builder().build();

    private final int consecutiveFailures;
    private final double failureRateThreshold;
    private final int windowSize;
    private final int minimumCalls;
    private final Duration openDuration;
    private final Clock clock;
    private final Predicate<ProviderException> recordFailure;

    private CircuitBreakerConfig(Builder b) {
        if (b.consecutiveFailures < 1) {
            throw new IllegalArgumentException("circuit breaker: consecutiveFailures must be >= 1; got "
                    + b.consecutiveFailures);
        }
        if (!(b.failureRateThreshold > 0 && b.failureRateThreshold <= 1)) {
            throw new IllegalArgumentException("circuit breaker: failureRateThreshold is a share in (0, 1]; got "
                    + b.failureRateThreshold);
        }
        if (b.minimumCalls < 1 || b.windowSize < b.minimumCalls) {
            throw new IllegalArgumentException("circuit breaker: need 1 <= minimumCalls <= windowSize; got minimumCalls="
                    + b.minimumCalls + ", windowSize=" + b.windowSize);
        }
        if (b.openDuration == null || b.openDuration.isNegative() || b.openDuration.isZero()) {
            throw new IllegalArgumentException("circuit breaker: openDuration must be positive; got " + b.openDuration);
        }
        this.consecutiveFailures = b.consecutiveFailures;
        this.failureRateThreshold = b.failureRateThreshold;
        this.windowSize = b.windowSize;
        this.minimumCalls = b.minimumCalls;
        this.openDuration = b.openDuration;
        this.clock = Objects.requireNonNull(b.clock, "circuit breaker: clock is required");
        this.recordFailure = Objects.requireNonNull(b.recordFailure, "circuit breaker: recordFailure is required");
    }

    public static Builder builder() {
        return new Builder();
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public double failureRateThreshold() {
        return failureRateThreshold;
    }

    public int windowSize() {
        return windowSize;
    }

    public int minimumCalls() {
        return minimumCalls;
    }

    public Duration openDuration() {
        return openDuration;
    }

    public Clock clock() {
        return clock;
    }

    /** Whether this failure counts against the provider's health. */
    public boolean records(ProviderException error) {
        return recordFailure.test(error);
    }

    @Override
    public String toString() {
        return "CircuitBreakerConfig{consecutiveFailures=" + consecutiveFailures + ", failureRateThreshold="
                + failureRateThreshold + ", windowSize=" + windowSize + ", minimumCalls=" + minimumCalls
                + ", openDuration=" + openDuration + "}";
    }

    /** Builds a {@link CircuitBreakerConfig}; every option has a default. */
    public static final class Builder {
        private int consecutiveFailures = DEFAULT_CONSECUTIVE_FAILURES;
        private double failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int windowSize = DEFAULT_WINDOW_SIZE;
        private int minimumCalls = DEFAULT_MINIMUM_CALLS;
        private Duration openDuration = DEFAULT_OPEN_DURATION;
        private Clock clock = Clock.systemUTC();
        private Predicate<ProviderException> recordFailure = e -> DEFAULT_RECORDED_KINDS.contains(e.kind());

        private Builder() {
        }

        /** Failures in a row that open the circuit. */
        public Builder consecutiveFailures(int value) {
            this.consecutiveFailures = value;
            return this;
        }

        /** Share of failed calls in the window that opens the circuit, in (0, 1]. */
        public Builder failureRateThreshold(double value) {
            this.failureRateThreshold = value;
            return this;
        }

        /** How many of the latest calls the failure rate looks at. */
        public Builder windowSize(int value) {
            this.windowSize = value;
            return this;
        }

        /** Calls the window needs before the failure rate counts. */
        public Builder minimumCalls(int value) {
            this.minimumCalls = value;
            return this;
        }

        /** How long an open circuit refuses calls before a trial. */
        public Builder openDuration(Duration value) {
            this.openDuration = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Which failures count against a provider (default: {@link #DEFAULT_RECORDED_KINDS}). */
        public Builder recordFailure(Predicate<ProviderException> value) {
            this.recordFailure = value;
            return this;
        }

        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(this);
        }
    }
}
