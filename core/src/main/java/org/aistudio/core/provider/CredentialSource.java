package org.aistudio.core.provider;

import java.util.Map;
import java.util.Optional;

/**
 * Where adapters read their API keys, at each call, so that a rotated key is picked up without a
 * restart. Adapters call {@link #refresh()} once when the provider answers 401 (the key may have
 * been rotated), then read the key again and retry once.
 *
 * <p>Implementations are thread-safe and never log the values they hold.
 */
public interface CredentialSource {

    /** The current value of a credential, e.g. {@code OPENAI_API_KEY}; empty when none is set. */
    Optional<String> get(String name);

    /** Re-reads the credentials from their origin (a secret store); a no-op where nothing can change. */
    void refresh();

    /**
     * Whether {@link #get} answers from memory now, without a read from the credentials' origin:
     * true for values held in memory; a secret store says so once it has read them.
     */
    default boolean readsWithoutWaiting() {
        return true;
    }

    /**
     * {@link #refresh()} for an adapter whose key was refused: a failure is logged (its type only,
     * never a value) and reported as {@code false}, so the adapter ends with the refusal it had.
     */
    default boolean refreshAfterRefusal(String provider) {
        try {
            refresh();
            return true;
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(CredentialSource.class)
                    .warn("{} could not refresh its credentials: {}", provider, e.getClass().getSimpleName());
            return false;
        }
    }

    /** Reads process environment variables; {@link #refresh()} does nothing. */
    static CredentialSource environment() {
        return EnvironmentCredentialSource.SYSTEM;
    }

    /** Fixed values, for tests and for hosts that already hold the keys. */
    static CredentialSource of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new CredentialSource() {
            @Override
            public Optional<String> get(String name) {
                return Optional.ofNullable(copy.get(name)).filter(v -> !v.isBlank());
            }

            @Override
            public void refresh() {
            }

            @Override
            public String toString() {
                return "CredentialSource" + copy.keySet();
            }
        };
    }

    /** No credentials at all (keyless OpenAI-compatible servers). */
    static CredentialSource none() {
        return of(Map.of());
    }
}
