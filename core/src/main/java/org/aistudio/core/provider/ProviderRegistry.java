package org.aistudio.core.provider;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The providers this process can call, by name. */
public final class ProviderRegistry implements AutoCloseable {

    private final Map<String, ChatProvider> providers = new ConcurrentHashMap<>();

    public ProviderRegistry register(ChatProvider provider) {
        providers.put(provider.name(), provider);
        return this;
    }

    public Optional<ChatProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    public Collection<ChatProvider> all() {
        return providers.values();
    }

    public boolean contains(String name) {
        return providers.containsKey(name);
    }

    /** Closes the providers that hold resources (SDK clients, connection pools). */
    @Override
    public void close() {
        for (ChatProvider provider : providers.values()) {
            if (provider instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // Shutting down: nothing more to do for this provider.
                }
            }
        }
    }
}
