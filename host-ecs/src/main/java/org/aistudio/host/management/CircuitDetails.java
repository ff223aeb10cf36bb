package org.aistudio.host.management;

import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import org.aistudio.core.provider.resilience.CircuitBreakers;
import org.aistudio.core.provider.resilience.CircuitState;

/**
 * Each provider's circuit breaker state on {@code /health}: {@code closed}, {@code open} or
 * {@code half_open}. A provider no call has reached yet has a closed circuit.
 */
@Singleton
public class CircuitDetails implements ProviderDetails {

    private final CircuitBreakers breakers;

    public CircuitDetails(CircuitBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public Map<String, Object> of(String provider) {
        CircuitState state = breakers.states().getOrDefault(provider, CircuitState.CLOSED);
        return Map.of("circuit", state.name().toLowerCase(Locale.ROOT));
    }
}
