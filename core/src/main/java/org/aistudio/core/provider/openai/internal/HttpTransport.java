package org.aistudio.core.provider.openai.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The JDK {@link HttpClient}s that calls go out on: the one the configuration gives, or a few of
 * the provider's own, one per call in turn. Each JDK client serves all its connections from one
 * selector thread behind one lock; under hundreds of concurrent streams that thread, not the
 * network, sets the pace, so several clients share the load. They are built on first use.
 */
public final class HttpTransport {

    /** How many clients a provider builds for itself: one per core, at least two. */
    public static final int DEFAULT_CLIENTS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final AtomicReferenceArray<HttpClient> clients;
    private final Duration connectTimeout;
    private final AtomicInteger next = new AtomicInteger();

    private HttpTransport(HttpClient[] clients, Duration connectTimeout) {
        this.clients = new AtomicReferenceArray<>(clients);
        this.connectTimeout = connectTimeout;
    }

    /** The given client when there is one, otherwise {@link #DEFAULT_CLIENTS} clients of our own. */
    public static HttpTransport of(Optional<HttpClient> given, Duration connectTimeout) {
        return given.map(HttpTransport::shared).orElseGet(() -> pooled(DEFAULT_CLIENTS, connectTimeout));
    }

    /** Every call on this client (its settings are the caller's). */
    public static HttpTransport shared(HttpClient client) {
        return new HttpTransport(new HttpClient[] {Objects.requireNonNull(client, "client")}, null);
    }

    /** {@code size} clients built by {@link #httpClient(Duration)}, used in turn. */
    public static HttpTransport pooled(int size, Duration connectTimeout) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, was " + size);
        }
        return new HttpTransport(new HttpClient[size], Objects.requireNonNull(connectTimeout, "connectTimeout"));
    }

    /** A JDK client that never follows redirects (a redirect would resend the key elsewhere). */
    public static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The client for the next call. */
    public HttpClient client() {
        int slot = clients.length() == 1 ? 0 : Math.floorMod(next.getAndIncrement(), clients.length());
        HttpClient client = clients.get(slot);
        return client != null ? client : build(slot);
    }

    /** How many clients calls are spread over. */
    public int size() {
        return clients.length();
    }

    private synchronized HttpClient build(int slot) {
        // Built under the lock: a client that lost a race would still start a selector thread.
        HttpClient client = clients.get(slot);
        if (client == null) {
            client = httpClient(connectTimeout);
            clients.set(slot, client);
        }
        return client;
    }
}
