package org.aistudio.core.provider.http;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends a POST whose response is read as it arrives. An implementation must not follow redirects
 * (a redirect would send the key elsewhere) and must never throw from {@link #send} for a failure
 * of the exchange: failures reach the handler.
 */
@FunctionalInterface
public interface StreamingHttp {

    /** Sends the request; the handler hears of its response. */
    Exchange send(Request request, Handler handler);

    /**
     * Whether {@link #send} hands the exchange to the client's own threads at once, so that it
     * may be called from an event loop. A client that cannot tell says {@code false}.
     */
    default boolean sendsWithoutBlocking() {
        return false;
    }

    /**
     * One request.
     *
     * @param headers sent as given, besides those the client sets itself ({@code Host},
     *     {@code Content-Length})
     */
    record Request(URI uri, Map<String, String> headers, byte[] body) {
        public Request {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }
    }

    /** The response's headers, read by name, in any case. */
    @FunctionalInterface
    interface Headers {
        Optional<String> first(String name);
    }

    /**
     * Hears one exchange, one call at a time: {@link #onHead} once the status is known, then the
     * body in pieces, then either {@link #onEnd} or {@link #onError}. After
     * {@link Exchange#abort()} it may still hear calls, which it should ignore. Calls may come on
     * the client's own threads, so they must not block.
     */
    interface Handler {

        /** The status and the headers, which stay readable for the whole exchange. */
        void onHead(int status, Headers headers);

        /** A piece of body, readable only during the call. */
        void onBody(ByteBuffer piece);

        /** The whole body was read and the exchange is over (its connection kept or closed). */
        void onEnd();

        /** The exchange failed: it could not connect, or the connection was lost. */
        void onError(Throwable error);
    }

    /** The caller's hold on one exchange. */
    @FunctionalInterface
    interface Exchange {

        /** Stops reading and closes the connection; idempotent, any thread. */
        void abort();
    }
}
