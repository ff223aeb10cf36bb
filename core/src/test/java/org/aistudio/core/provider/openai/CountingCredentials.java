package org.aistudio.core.provider.openai;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.aistudio.core.provider.CredentialSource;

/** A credential source holding one key, which a refresh replaces with the next one (rotation). */
public final class CountingCredentials implements CredentialSource {

    private final String name;
    private final AtomicInteger refreshes = new AtomicInteger();
    private volatile String current;
    private final String afterRefresh;
    private volatile Thread refreshedOn;

    public CountingCredentials(String name, String current, String afterRefresh) {
        this.name = name;
        this.current = current;
        this.afterRefresh = afterRefresh;
    }

    @Override
    public Optional<String> get(String credential) {
        return credential.equals(name) ? Optional.ofNullable(current) : Optional.empty();
    }

    @Override
    public void refresh() {
        refreshedOn = Thread.currentThread();
        refreshes.incrementAndGet();
        current = afterRefresh;
    }

    /** The thread of the last refresh, or null. */
    public Thread refreshedOn() {
        return refreshedOn;
    }

    public int refreshes() {
        return refreshes.get();
    }
}
