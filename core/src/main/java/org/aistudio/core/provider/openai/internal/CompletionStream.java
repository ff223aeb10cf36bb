package org.aistudio.core.provider.openai.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.http.StreamingHttp;
import org.aistudio.core.provider.sse.SseDataSplitter;

/**
 * One Chat Completions exchange: reads the body's server-sent events straight from the pieces the
 * client hands over and turns each chunk into events; or reads an error answer.
 *
 * <p>The outcome is decided once: {@code data: [DONE]} ends the answer (a finish when a finish
 * reason came, otherwise a failure), so does the end of the body; a body that ends in the middle of
 * a line, a lost connection, an unreadable chunk or an in-stream error event fail it. After
 * {@code [DONE]} the rest of the body is read, for a short while, so that the connection can serve
 * the next call; {@link #abort()} closes it at once. An error answer is acted on once its exchange
 * is over, so that a call sent again reuses a connection that is free.
 */
final class CompletionStream implements StreamingHttp.Handler, SseDataSplitter.DataHandler {

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
    private volatile StreamingHttp.Exchange exchange;
    private volatile boolean responded;
    private volatile boolean aborted;
    private volatile boolean ended;
    /** Set for an error answer: its status, headers and the body read so far. */
    private int status;
    private StreamingHttp.Headers headers;
    private ByteArrayOutputStream errorBody;

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

    /** Holds the exchange, to close it on abort. */
    void watch(StreamingHttp.Exchange sent) {
        exchange = sent;
        if (aborted) {
            sent.abort();
        }
    }

    /** Stops reading and closes the connection; idempotent, any thread. */
    void abort() {
        aborted = true;
        StreamingHttp.Exchange e = exchange;
        if (e != null && !ended) {
            e.abort();
        }
    }

    @Override
    public void onHead(int code, StreamingHttp.Headers responseHeaders) {
        responded = true;
        if (code < 200 || code >= 300) {
            status = code;
            headers = responseHeaders;
            errorBody = new ByteArrayOutputStream();
        }
    }

    @Override
    public void onBody(ByteBuffer piece) {
        if (aborted) {
            return;
        }
        if (errorBody != null) {
            readError(piece);
            return;
        }
        if (decided.get()) {
            return;
        }
        try {
            events.feed(piece);
        } catch (RuntimeException e) {
            fail(errors.map(e, true, sink.answered(), key));
        }
    }

    @Override
    public void onEnd() {
        ended = true;
        if (aborted) {
            return;
        }
        if (errorBody != null) {
            fail(errorAnswer());
        } else if (!decided.get()) {
            if (events.end()) {
                fail(errors.truncated());
            } else {
                conclude();
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        ended = true;
        if (!aborted) {
            fail(errors.map(error, responded, sink.answered(), key));
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

    /** Keeps the start of an error answer; one that goes on past the limit is cut there. */
    private void readError(ByteBuffer piece) {
        byte[] part = new byte[Math.min(piece.remaining(), MAX_ERROR_BODY_BYTES - errorBody.size())];
        piece.get(part);
        errorBody.writeBytes(part);
        if (errorBody.size() >= MAX_ERROR_BODY_BYTES) {
            fail(errorAnswer());
        }
    }

    private ProviderException errorAnswer() {
        return errors.fromResponse(status, headers, errorBody.toByteArray(), key);
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
        if (!ended) {
            DRAIN_DEADLINE.execute(this::stopDraining);
        }
    }

    private void stopDraining() {
        if (!ended) {
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
}
