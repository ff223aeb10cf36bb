package org.aistudio.core.provider.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aistudio.core.provider.ProviderException;

/** Records every callback as a readable line. */
final class RecordingAttemptListener implements AttemptListener {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Duration> retryDelays = new CopyOnWriteArrayList<>();

    @Override
    public void onRetry(String provider, String model, int attempt, ProviderException error, Duration delay) {
        lines.add("retry " + provider + "/" + model + " #" + attempt + " after " + error.kind());
        retryDelays.add(delay);
    }

    @Override
    public void onFallback(FallbackTarget from, FallbackTarget to, ProviderException error) {
        lines.add("fallback " + from + " -> " + to + " after " + error.kind());
    }

    @Override
    public void onCircuitStateChange(String provider, CircuitState from, CircuitState to) {
        lines.add("circuit " + provider + " " + from + " -> " + to);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    List<Duration> retryDelays() {
        return List.copyOf(retryDelays);
    }
}
