package org.aistudio.core.provider.resilience;

/** The state of a provider's circuit breaker. */
public enum CircuitState {
    /** Calls go through; failures are counted. */
    CLOSED,
    /** Calls are refused at once until the open time has passed. */
    OPEN,
    /** One trial call is let through; its outcome closes or re-opens the circuit. */
    HALF_OPEN
}
