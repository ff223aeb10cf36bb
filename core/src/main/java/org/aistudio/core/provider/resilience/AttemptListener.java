package org.aistudio.core.provider.resilience;

import java.time.Duration;
import org.aistudio.core.provider.ProviderException;

/**
 * Observes retries, fallbacks and circuit changes, so the host can publish metrics and show
 * circuit states on its health endpoint. Called on provider or scheduler threads: return quickly,
 * never block. Exceptions thrown here are logged and ignored.
 */
public interface AttemptListener {

    /** Listens to nothing. */
    AttemptListener NONE = new AttemptListener() {
    };

    /**
     * A failed attempt will be tried again on the same provider and model.
     *
     * @param attempt the number of the attempt about to start (2 for the first retry)
     * @param error why the previous attempt failed
     * @param delay how long the retry waits
     */
    default void onRetry(String provider, String model, int attempt, ProviderException error, Duration delay) {
    }

    /** Retries on {@code from} are exhausted (or its circuit is open): {@code to} is tried next. */
    default void onFallback(FallbackTarget from, FallbackTarget to, ProviderException error) {
    }

    /** A provider's circuit breaker changed state. */
    default void onCircuitStateChange(String provider, CircuitState from, CircuitState to) {
    }
}
