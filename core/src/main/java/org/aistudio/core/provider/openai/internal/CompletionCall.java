package org.aistudio.core.provider.openai.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.http.StreamingHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed call: reads the key, sends the request and reads the stream. A 401 before any
 * answer refreshes the credentials and tries once more with the new key (rotation); never more.
 * Cancel aborts whichever exchange is current, so the client closes the connection.
 */
final class CompletionCall {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionCall.class);
    private static final int UNAUTHORIZED = 401;

    private final ChatRequest request;
    private final EventSink sink;
    private final CompletionStreamer streamer;
    private final OpenAiErrorMapper errors;
    private final CompletionStreamer.Credentials credentials;
    private final AtomicReference<CompletionStream> current = new AtomicReference<>();
    private volatile boolean cancelled;
    private URI uri;
    private byte[] body;

    CompletionCall(ChatRequest request, ChatListener listener, CompletionStreamer streamer) {
        this.request = request;
        this.sink = new EventSink(listener);
        this.streamer = streamer;
        this.errors = streamer.errors();
        this.credentials = streamer.credentials();
    }

    void start() {
        attempt(false);
    }

    void cancel() {
        cancelled = true;
        sink.cancelled();
        CompletionStream stream = current.get();
        if (stream != null) {
            stream.abort();
        }
    }

    private void attempt(boolean refreshed) {
        if (cancelled) {
            return;
        }
        String key;
        try {
            key = credentials.source().get(credentials.name()).orElse(null);
        } catch (RuntimeException e) {
            sink.fail(new ProviderException(errors.provider(), ErrorKind.AUTHENTICATION, 0, null,
                    errors.provider() + " could not read " + credentials.name() + ": "
                            + e.getClass().getSimpleName(), null));
            return;
        }
        if (key == null && credentials.required()) {
            if (refreshed || !credentials.source().refreshAfterRefusal(errors.provider())) {
                sink.fail(errors.missingKey(credentials.name()));
            } else {
                attempt(true);
            }
            return;
        }
        CompletionStream stream = new CompletionStream(sink, errors, key, error -> retryWithNewKey(error, refreshed));
        current.set(stream);
        if (cancelled) {
            stream.abort();
            return;
        }
        try {
            stream.watch(streamer.http().send(httpRequest(key), stream));
        } catch (RuntimeException e) {
            sink.fail(errors.map(e, false, sink.answered(), key));
        }
    }

    /** The request of one attempt; the URL and body are made once per call. */
    private StreamingHttp.Request httpRequest(String key) {
        if (body == null) {
            CompletionEndpoint endpoint = streamer.endpoint();
            uri = endpoint.uri(request.model());
            body = streamer.mapper().toWire(request, endpoint.wireModel(request.model()));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "*/*");
        headers.put("Content-Type", "application/json");
        headers.putAll(streamer.headers());
        if (key != null) {
            streamer.endpoint().authenticate(headers, key);
        }
        return new StreamingHttp.Request(uri, headers, body);
    }

    private boolean retryWithNewKey(ProviderException error, boolean refreshed) {
        if (error.httpStatus() != UNAUTHORIZED || refreshed || cancelled || sink.answered()) {
            return false;
        }
        LOG.info("{} answered 401; refreshing {} and trying once more", errors.provider(), credentials.name());
        // Re-reading a secret store blocks, and the 401 may have been read on a client's event
        // loop, which serves many other streams: the refresh and the new attempt go elsewhere.
        ForkJoinPool.commonPool().execute(() -> {
            if (credentials.source().refreshAfterRefusal(errors.provider())) {
                attempt(true);
            } else {
                sink.fail(error);
            }
        });
        return true;
    }
}
