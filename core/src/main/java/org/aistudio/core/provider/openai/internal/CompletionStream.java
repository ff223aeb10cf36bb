package org.aistudio.core.provider.openai.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.sse.SseDataSplitter;

/**
 * One Chat Completions exchange on the JDK client: reads the body's server-sent events straight
 * from the byte buffers the client hands over, one request at a time, and turns each chunk into
 * events; or reads an error answer.
 *
 * <p>The outcome is decided once: {@code data: [DONE]} ends the answer (a finish when a finish
 * reason came, otherwise a failure), so does the end of the body; a body that ends in the middle of
 * a line, a lost connection, an unreadable chunk or an in-stream error event fail it. After
 * {@code [DONE]} the rest of the body is read, for a short while, so that the connection can serve
 * the next call; {@link #abort()} closes it at once.
 */
final class CompletionStream implements Flow.Subscriber<List<ByteBuffer>>, SseDataSplitter.DataHandler {

    /** As Spring's codecs allowed by default: a chunk is a few hundred bytes. */
    static final int MAX_EVENT_BYTES = 256 * 1024;
    /** The most of an error answer read for its message. */
    static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    /** How long the end of the body may take to arrive after {@code [DONE]}. */
    static final long DRAIN_MILLIS = 2_000;

    private static final Executor DRAIN_DEADLINE =
            CompletableFuture.delayedExecutor(DRAIN_MILLIS, TimeUnit.MILLISECONDS, Runnable::run);
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

    private final EventSink sink;
    private final OpenAiErrorMapper errors;
    private final String key;
    private final Predicate<ProviderException> takeOver;
    private final ChunkTranslator translator;
    private final SseDataSplitter events = new SseDataSplitter(this, MAX_EVENT_BYTES);
    private final AtomicBoolean decided = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<?> exchange;
    private volatile boolean responded;
    private volatile boolean aborted;
    private volatile boolean bodyEnded;

    /**
     * @param key the key sent, scrubbed from messages (may be null)
     * @param takeOver offered this exchange's failure first; returns true when it handles it (by
     *     trying again with a new key), false to let the failure end the stream
     */
    CompletionStream(EventSink sink, OpenAiErrorMapper errors, String key, Predicate<ProviderException> takeOver) {
        this.sink = sink;
        this.errors = errors;
        this.key = key;
        this.takeOver = takeOver;
        this.translator = new ChunkTranslator(sink);
    }

    /** Chooses how to read the body once the status is known. */
    HttpResponse.BodySubscriber<Object> bodyFor(HttpResponse.ResponseInfo info) {
        responded = true;
        int status = info.statusCode();
        if (status >= 200 && status < 300) {
            return HttpResponse.BodySubscribers.fromSubscriber(this, ignored -> null);
        }
        return HttpResponse.BodySubscribers.mapping(new BoundedBytes(MAX_ERROR_BODY_BYTES), body -> {
            bodyEnded = true;
            return (Object) errors.fromResponse(status, info.headers(), body, key);
        });
    }

    /**
     * Watches the exchange: failures before or outside the body end the stream, and so does an
     * error answer, once the exchange is over. A retry sent from inside the body's completion
     * (a 401's new key, a 503's next attempt) could be given the very connection that was still
     * being handed back, and fail on it.
     */
    void watch(CompletableFuture<? extends HttpResponse<?>> future) {
        exchange = future;
        future.whenComplete((response, error) -> {
            if (error != null) {
                fail(errors.map(error, responded, sink.answered(), key));
            } else if (response.body() instanceof ProviderException answered) {
                fail(answered);
            }
        });
        if (aborted) {
            future.cancel(true);
        }
    }

    /** Stops reading and closes the connection (or cancels the exchange); idempotent, any thread. */
    void abort() {
        aborted = true;
        cancelBody();
        CompletableFuture<?> future = exchange;
        if (future != null && !bodyEnded) {
            future.cancel(true);
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
        if (!decided.get()) {
            try {
                for (ByteBuffer buffer : buffers) {
                    events.feed(buffer);
                }
            } catch (RuntimeException e) {
                fail(errors.map(e, true, sink.answered(), key));
                return;
            }
        }
        if (!aborted) {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable error) {
        bodyEnded = true;
        if (!aborted) {
            fail(errors.map(error, true, sink.answered(), key));
        }
    }

    @Override
    public void onComplete() {
        bodyEnded = true;
        if (aborted || decided.get()) {
            return;
        }
        if (events.end()) {
            fail(errors.truncated());
        } else if (!decided.get()) {
            conclude();
        }
    }

    @Override
    public boolean onData(byte[] data, int offset, int length) {
        if (length == DONE.length && Arrays.equals(data, offset, offset + length, DONE, 0, length)) {
            conclude();
            return false;
        }
        ChunkReader.Chunk chunk;
        try {
            chunk = ChunkReader.read(data, offset, length);
        } catch (IOException e) {
            fail(errors.malformed(e));
            return false;
        }
        if (!translator.accept(chunk)) {
            fail(errors.errorEvent());
            return false;
        }
        return true;
    }

    /** The upstream said it is done: a finish when it gave a reason, never otherwise. */
    private void conclude() {
        if (!decided.compareAndSet(false, true)) {
            return;
        }
        FinishReason reason = translator.finishReason();
        if (reason != null) {
            sink.finish(reason);
        } else {
            sink.fail(errors.incomplete());
        }
        if (!bodyEnded) {
            DRAIN_DEADLINE.execute(this::stopDraining);
        }
    }

    private void stopDraining() {
        if (!bodyEnded) {
            abort();
        }
    }

    private void fail(ProviderException error) {
        if (aborted || !decided.compareAndSet(false, true)) {
            return;
        }
        abort();
        if (!takeOver.test(error)) {
            sink.fail(error);
        }
    }

    private void cancelBody() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
