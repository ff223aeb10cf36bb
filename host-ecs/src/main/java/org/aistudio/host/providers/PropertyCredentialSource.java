package org.aistudio.host.providers;

import io.micronaut.context.env.Environment;
import java.util.Locale;
import java.util.Optional;
import org.aistudio.core.provider.CredentialSource;

/**
 * Keys from the host's configuration: {@code OPENAI_API_KEY} is read as the property
 * {@code openai.api.key}, which Micronaut fills from the environment variable of that name (and
 * tests from a property).
 */
final class PropertyCredentialSource implements CredentialSource {

    private final Environment environment;

    PropertyCredentialSource(Environment environment) {
        this.environment = environment;
    }

    static String property(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    @Override
    public Optional<String> get(String name) {
        return environment.getProperty(property(name), String.class).filter(v -> !v.isBlank());
    }

    @Override
    public void refresh() {
        // Configuration does not change while the process runs.
    }

    @Override
    public String toString() {
        return "PropertyCredentialSource";
    }
}
