package org.aistudio.host.management;

import java.util.Map;

/**
 * Something that knows a provider's state worth showing on {@code /health}, e.g. its circuit
 * breaker: a bean of this type adds its entries to each provider's details. Adapting
 * {@code CircuitBreakers.states()} is one line.
 */
@FunctionalInterface
public interface ProviderDetails {

    /** Entries to show for {@code provider}, e.g. {@code {"circuit": "open"}}; empty when none. */
    Map<String, Object> of(String provider);
}
