package org.aistudio.core.provider;

import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@link CredentialSource} over environment variables (or any name-to-value lookup, for tests).
 * Blank values count as unset.
 */
public final class EnvironmentCredentialSource implements CredentialSource {

    static final EnvironmentCredentialSource SYSTEM = new EnvironmentCredentialSource(System::getenv);

    private final UnaryOperator<String> lookup;

    /** @param lookup returns the value of a variable, or null when it is not set */
    public EnvironmentCredentialSource(UnaryOperator<String> lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(lookup.apply(name)).filter(value -> !value.isBlank());
    }

    @Override
    public void refresh() {
        // The environment of a running process does not change.
    }

    @Override
    public String toString() {
        return "EnvironmentCredentialSource";
    }
}
