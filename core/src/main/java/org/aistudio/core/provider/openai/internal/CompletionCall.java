package org.aistudio.core.provider.openai.internal;

import java.util.concurrent.atomic.AtomicReference;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionChunk;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.BaseSubscriber;
import reactor.util.context.Context;

/**
 * One streamed call: reads the key, subscribes to the chunk stream and turns it into events. A 401
 * before any answer refreshes the credentials and tries once more with the new key (rotation);
 * never more. Cancel disposes whichever subscription is current and aborts its exchange, so the
 * JDK client closes the connection.
 */
final class CompletionCall {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionCall.class);
    private static final int UNAUTHORIZED = 401;

    private final ChatRequest request;
    private final EventSink sink;
    private final CompletionEndpoint endpoint;
    private final ChatCompletionMapper mapper;
    private final OpenAiErrorMapper errors;
    private final CompletionStreamer.Credentials credentials;
    private final AtomicReference<ChunkSubscriber> current = new AtomicReference<>();
    private volatile boolean cancelled;

    CompletionCall(ChatRequest request, ChatListener listener, CompletionEndpoint endpoint,
                   ChatCompletionMapper mapper, OpenAiErrorMapper errors,
                   CompletionStreamer.Credentials credentials) {
        this.request = request;
        this.sink = new EventSink(listener);
        this.endpoint = endpoint;
        this.mapper = mapper;
        this.errors = errors;
        this.credentials = credentials;
    }

    void start() {
        attempt(false);
    }

    void cancel() {
        cancelled = true;
        sink.cancelled();
        ChunkSubscriber subscriber = current.get();
        if (subscriber != null) {
            subscriber.stop();
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
            if (refreshed || !refresh()) {
                sink.fail(errors.missingKey(credentials.name()));
            } else {
                attempt(true);
            }
            return;
        }
        ChunkSubscriber subscriber = new ChunkSubscriber(key, refreshed);
        current.set(subscriber);
        if (cancelled) {
            subscriber.stop();
            return;
        }
        try {
            HttpHeaders headers = new HttpHeaders();
            if (key != null) {
                endpoint.authenticate(headers, key);
            }
            endpoint.api(request.model())
                    .chatCompletionStream(mapper.toWire(request, endpoint.wireModel(request.model())), headers)
                    .contextWrite(Context.of(UpstreamAbort.class, subscriber.abort))
                    .subscribe(subscriber);
        } catch (RuntimeException e) {
            sink.fail(errors.map(e, sink.answered(), key));
        }
    }

    private boolean refresh() {
        try {
            credentials.source().refresh();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("{} could not refresh its credentials: {}", errors.provider(), e.getClass().getSimpleName());
            return false;
        }
    }

    /** Receives one attempt's chunks. */
    private final class ChunkSubscriber extends BaseSubscriber<ChatCompletionChunk> {
        private final String key;
        private final boolean refreshed;
        private final ChunkTranslator translator = new ChunkTranslator(sink);
        private final UpstreamAbort abort = new UpstreamAbort();

        ChunkSubscriber(String key, boolean refreshed) {
            this.key = key;
            this.refreshed = refreshed;
        }

        @Override
        protected void hookOnNext(ChatCompletionChunk chunk) {
            if (!translator.accept(chunk)) {
                stop();
                sink.fail(errors.errorEvent());
            }
        }

        /** Cancels the subscription and aborts the exchange under it. */
        void stop() {
            dispose();
            abort.abort();
        }

        @Override
        protected void hookOnComplete() {
            FinishReason reason = translator.finishReason();
            if (reason != null) {
                sink.finish(reason);
            } else {
                sink.fail(errors.incomplete());
            }
        }

        @Override
        protected void hookOnError(Throwable error) {
            if (cancelled) {
                return;
            }
            ProviderException failure = errors.map(error, sink.answered(), key);
            if (failure.httpStatus() == UNAUTHORIZED && !refreshed && !sink.answered()) {
                LOG.info("{} answered 401; refreshing {} and trying once more", errors.provider(), credentials.name());
                if (refresh()) {
                    attempt(true);
                    return;
                }
            }
            sink.fail(failure);
        }
    }
}
