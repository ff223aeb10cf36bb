package org.aistudio.core.provider.gemini.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.gemini.GeminiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed answer: reads the key, sends the request and reads the stream. When Google refuses
 * the key before any answer, the credentials are refreshed and the call is tried once more with
 * the new key (rotation); never more. Cancel aborts whichever exchange is current.
 */
public final class GeminiCall {

    private static final Logger LOG = LoggerFactory.getLogger(GeminiCall.class);

    private final HttpClient client;
    private final GeminiConfig config;
    private final GeminiErrors errors;
    private final URI endpoint;
    private final byte[] body;
    private final EventSink sink;
    private final AtomicReference<GeminiStream> current = new AtomicReference<>();
    private volatile boolean cancelled;

    public GeminiCall(HttpClient client, GeminiConfig config, GeminiErrors errors, URI endpoint, byte[] body,
                      EventSink sink) {
        this.client = client;
        this.config = config;
        this.errors = errors;
        this.endpoint = endpoint;
        this.body = body;
        this.sink = sink;
    }

    public void start() {
        attempt(false);
    }

    /** Delivers {@code Cancelled} and closes the current connection. */
    public void cancel() {
        cancelled = true;
        sink.cancelled();
        GeminiStream stream = current.get();
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
            key = config.credentials().get(config.credentialName()).map(String::strip).orElse(null);
        } catch (RuntimeException e) {
            // A secret store's exception message may name the secret: keep only its type.
            sink.fail(new ProviderException(errors.provider(), ErrorKind.AUTHENTICATION,
                    "could not read " + config.credentialName() + ": " + e.getClass().getSimpleName()));
            return;
        }
        if (key == null || key.isEmpty()) {
            if (!refreshed && config.credentials().refreshAfterRefusal(errors.provider())) {
                attempt(true);
            } else {
                sink.fail(new ProviderException(errors.provider(), ErrorKind.AUTHENTICATION,
                        "no Gemini API key: set " + config.credentialName()));
            }
            return;
        }
        GeminiStream stream = new GeminiStream(sink, errors, error -> retryWithNewKey(error, refreshed));
        current.set(stream);
        if (cancelled) {
            stream.abort();
            return;
        }
        try {
            stream.watch(client.sendAsync(request(key), stream::bodyFor));
        } catch (RuntimeException e) {
            sink.fail(errors.fromThrowable(e, false));
        }
    }

    private HttpRequest request(String key) {
        return HttpRequest.newBuilder(endpoint)
                .timeout(config.responseTimeout())
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .header("x-goog-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private boolean retryWithNewKey(ProviderException error, boolean refreshed) {
        if (error.kind() != ErrorKind.AUTHENTICATION || refreshed || cancelled || sink.answered()) {
            return false;
        }
        LOG.info("{} refused its key; refreshing {} and trying once more", errors.provider(), config.credentialName());
        if (!config.credentials().refreshAfterRefusal(errors.provider())) {
            return false;
        }
        attempt(true);
        return true;
    }
}
