package org.aistudio.core.provider.http;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Streams on the JDK {@link HttpClient}: the one the configuration gives, or a few of our own,
 * one per call in turn. Each JDK client serves all its connections from one selector thread
 * behind one lock; under hundreds of concurrent streams that thread, not the network, sets the
 * pace, so several clients share the load. They are built on first use.
 */
public final class JdkStreamingHttp implements StreamingHttp {

    /** How many clients are built when none is given: one per core, at least two. */
    public static final int DEFAULT_CLIENTS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final AtomicReferenceArray<HttpClient> clients;
    private final Duration connectTimeout;
    private final AtomicInteger next = new AtomicInteger();

    private JdkStreamingHttp(HttpClient[] clients, Duration connectTimeout) {
        this.clients = new AtomicReferenceArray<>(clients);
        this.connectTimeout = connectTimeout;
    }

    /** The given client when there is one, otherwise {@link #DEFAULT_CLIENTS} clients of our own. */
    public static JdkStreamingHttp of(Optional<HttpClient> given, Duration connectTimeout) {
        return given.map(JdkStreamingHttp::shared).orElseGet(() -> pooled(DEFAULT_CLIENTS, connectTimeout));
    }

    /** Every call on this client (its settings are the caller's). */
    public static JdkStreamingHttp shared(HttpClient client) {
        return new JdkStreamingHttp(new HttpClient[] {Objects.requireNonNull(client, "client")}, null);
    }

    /** {@code size} clients built by {@link #httpClient(Duration)}, used in turn. */
    public static JdkStreamingHttp pooled(int size, Duration connectTimeout) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, was " + size);
        }
        return new JdkStreamingHttp(new HttpClient[size], Objects.requireNonNull(connectTimeout, "connectTimeout"));
    }

    /** A JDK client that never follows redirects (a redirect would resend the key elsewhere). */
    public static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Exchange send(Request request, Handler handler) {
        JdkExchange exchange = new JdkExchange(handler);
        try {
            HttpRequest.Builder http = HttpRequest.newBuilder(request.uri());
            request.headers().forEach(http::setHeader);
            HttpRequest built = http.POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build();
            exchange.watch(client().sendAsync(built, exchange::bodyFor));
        } catch (RuntimeException e) {
            // A request the client refuses to send (a bad URL or header) fails like any exchange.
            handler.onError(e);
        }
        return exchange;
    }

    /** The client for the next call. */
    HttpClient client() {
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

    /**
     * One exchange: the body's buffers go to the handler one request at a time, and its end comes
     * from the exchange's future, which completes once the connection is handed back: a call sent
     * again from the handler's end (a 401's new key, a 503's next attempt) could otherwise be
     * given the very connection still being handed back, and fail on it.
     */
    private static final class JdkExchange implements Exchange, Flow.Subscriber<List<ByteBuffer>> {

        private final Handler handler;
        private volatile Flow.Subscription subscription;
        private volatile CompletableFuture<?> future;
        private volatile boolean aborted;
        private volatile boolean bodyEnded;

        JdkExchange(Handler handler) {
            this.handler = handler;
        }

        HttpResponse.BodySubscriber<Void> bodyFor(HttpResponse.ResponseInfo info) {
            HttpHeaders headers = info.headers();
            handler.onHead(info.statusCode(), headers::firstValue);
            return HttpResponse.BodySubscribers.fromSubscriber(this, ignored -> null);
        }

        void watch(CompletableFuture<?> exchange) {
            future = exchange;
            exchange.whenComplete((response, error) -> {
                if (aborted) {
                    return;
                }
                if (error != null) {
                    handler.onError(error);
                } else {
                    handler.onEnd();
                }
            });
            if (aborted) {
                exchange.cancel(true);
            }
        }

        @Override
        public void abort() {
            aborted = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            CompletableFuture<?> f = future;
            if (f != null && !bodyEnded) {
                f.cancel(true);
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (aborted) {
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (aborted) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                handler.onBody(buffer);
            }
            if (!aborted) {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            bodyEnded = true;
        }

        @Override
        public void onComplete() {
            bodyEnded = true;
        }
    }
}
