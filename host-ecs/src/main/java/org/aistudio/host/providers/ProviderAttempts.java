package org.aistudio.host.providers;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.resilience.AttemptListener;
import org.aistudio.core.provider.resilience.CircuitState;
import org.aistudio.core.provider.resilience.FallbackTarget;
import org.aistudio.host.metrics.StreamingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where retries, fallbacks and circuit changes are reported: logged, counted in the metrics,
 * and passed on to any listener registered with {@link #subscribe}.
 */
@Singleton
public class ProviderAttempts implements AttemptListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderAttempts.class);

    private final List<AttemptListener> listeners = new CopyOnWriteArrayList<>();
    private final StreamingMetrics metrics;

    public ProviderAttempts(StreamingMetrics metrics) {
        this.metrics = metrics;
    }

    public void subscribe(AttemptListener listener) {
        listeners.add(listener);
    }

    @Override
    public void onRetry(String provider, String model, int attempt, ProviderException error, Duration delay) {
        LOG.info("Retrying {} {} (attempt {}) in {} ms after {}", provider, model, attempt, delay.toMillis(),
                error.kind().code());
        metrics.retry(provider, model);
        listeners.forEach(l -> l.onRetry(provider, model, attempt, error, delay));
    }

    @Override
    public void onFallback(FallbackTarget from, FallbackTarget to, ProviderException error) {
        LOG.warn("Falling back from {} to {} after {}", from, to, error.kind().code());
        metrics.fallback(from.providerName(), String.valueOf(from.model()), String.valueOf(to.model()));
        listeners.forEach(l -> l.onFallback(from, to, error));
    }

    @Override
    public void onCircuitStateChange(String provider, CircuitState from, CircuitState to) {
        LOG.warn("Circuit of provider {} went from {} to {}", provider, from, to);
        listeners.forEach(l -> l.onCircuitStateChange(provider, from, to));
    }
}
