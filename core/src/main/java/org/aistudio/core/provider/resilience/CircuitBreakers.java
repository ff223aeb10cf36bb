package org.aistudio.core.provider.resilience;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breakers of all providers, one per provider name, shared by every
 * {@link ResilientChatProvider} of the process so that all models of a provider see its health.
 */
public final class CircuitBreakers {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakers.class);

    private final CircuitBreakerConfig config;
    private final AttemptListener listener;
    private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    /** @param listener told of every state change (e.g. to log it and update a health endpoint) */
    public CircuitBreakers(CircuitBreakerConfig config, AttemptListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public CircuitBreakers(CircuitBreakerConfig config) {
        this(config, AttemptListener.NONE);
    }

    public CircuitBreakerConfig config() {
        return config;
    }

    /** The breaker of this provider, created closed on first use. */
    public CircuitBreaker forProvider(String provider) {
        return breakers.computeIfAbsent(provider, name -> new CircuitBreaker(name, config,
                (from, to) -> changed(name, from, to)));
    }

    /** Every known provider's state, by name (for health endpoints). */
    public Map<String, CircuitState> states() {
        Map<String, CircuitState> states = new TreeMap<>();
        breakers.forEach((name, breaker) -> states.put(name, breaker.state()));
        return states;
    }

    private void changed(String provider, CircuitState from, CircuitState to) {
        LOG.info("circuit of provider {} went from {} to {}", provider, from, to);
        try {
            listener.onCircuitStateChange(provider, from, to);
        } catch (RuntimeException e) {
            LOG.warn("attempt listener failed on a circuit change of {}", provider, e);
        }
    }
}
