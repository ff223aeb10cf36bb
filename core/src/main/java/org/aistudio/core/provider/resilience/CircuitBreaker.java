package org.aistudio.core.provider.resilience;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One provider's circuit: closed, open after too many failures, half-open after the open time with
 * a single trial call. Each call takes a {@link Permit} and reports its outcome through it once.
 * Thread-safe; state changes are reported after the lock is released.
 */
public final class CircuitBreaker {

    private final String provider;
    private final CircuitBreakerConfig config;
    private final BiConsumer<CircuitState, CircuitState> onChange;
    private final boolean[] window;
    private CircuitState state = CircuitState.CLOSED;
    private int windowNext;
    private int windowCalls;
    private int windowFailures;
    private int consecutive;
    private Instant openedAt;
    private boolean trialInFlight;

    CircuitBreaker(String provider, CircuitBreakerConfig config, BiConsumer<CircuitState, CircuitState> onChange) {
        this.provider = provider;
        this.config = config;
        this.onChange = onChange;
        this.window = new boolean[config.windowSize()];
    }

    public String provider() {
        return provider;
    }

    /** The current state (an open circuit whose time has passed reports OPEN until the next call). */
    public synchronized CircuitState state() {
        return state;
    }

    /** A permit to call the provider, or empty when the circuit refuses calls right now. */
    Optional<Permit> tryAcquire() {
        CircuitState before;
        CircuitState after;
        Permit permit;
        synchronized (this) {
            before = state;
            if (state == CircuitState.OPEN
                    && !config.clock().instant().isBefore(openedAt.plus(config.openDuration()))) {
                state = CircuitState.HALF_OPEN;
                trialInFlight = false;
            }
            if (state == CircuitState.CLOSED) {
                permit = new Permit(false);
            } else if (state == CircuitState.HALF_OPEN && !trialInFlight) {
                trialInFlight = true;
                permit = new Permit(true);
            } else {
                permit = null;
            }
            after = state;
        }
        notifyChange(before, after);
        return Optional.ofNullable(permit);
    }

    private void outcome(Permit permit, Boolean failed) {
        CircuitState before;
        CircuitState after;
        synchronized (this) {
            before = state;
            if (permit.trial && state == CircuitState.HALF_OPEN) {
                trialInFlight = false;
                if (failed == null) {
                    // The trial was cancelled: it says nothing, the next call becomes the trial.
                    return;
                }
                if (failed) {
                    open();
                } else {
                    close();
                }
            } else if (!permit.trial && state == CircuitState.CLOSED && failed != null) {
                record(failed);
            }
            after = state;
        }
        notifyChange(before, after);
    }

    private void record(boolean failed) {
        if (windowCalls == window.length) {
            windowFailures -= window[windowNext] ? 1 : 0;
        } else {
            windowCalls++;
        }
        window[windowNext] = failed;
        windowFailures += failed ? 1 : 0;
        windowNext = (windowNext + 1) % window.length;
        consecutive = failed ? consecutive + 1 : 0;
        boolean rateExceeded = windowCalls >= config.minimumCalls()
                && windowFailures >= config.failureRateThreshold() * windowCalls;
        if (failed && (consecutive >= config.consecutiveFailures() || rateExceeded)) {
            open();
        }
    }

    private void open() {
        state = CircuitState.OPEN;
        openedAt = config.clock().instant();
    }

    private void close() {
        state = CircuitState.CLOSED;
        windowNext = 0;
        windowCalls = 0;
        windowFailures = 0;
        consecutive = 0;
    }

    private void notifyChange(CircuitState before, CircuitState after) {
        if (before != after) {
            onChange.accept(before, after);
        }
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + provider + ", " + state() + "]";
    }

    /** One call's right to go through; report exactly one outcome. */
    final class Permit {
        private final boolean trial;
        private final AtomicBoolean used = new AtomicBoolean();

        private Permit(boolean trial) {
            this.trial = trial;
        }

        /** The provider answered (even with a failure that does not count against it). */
        void success() {
            if (used.compareAndSet(false, true)) {
                outcome(this, false);
            }
        }

        /** The provider failed in a way that counts against it. */
        void failure() {
            if (used.compareAndSet(false, true)) {
                outcome(this, true);
            }
        }

        /** The call was cancelled: no outcome. */
        void release() {
            if (used.compareAndSet(false, true)) {
                outcome(this, null);
            }
        }

        boolean trial() {
            return trial;
        }
    }
}
