package org.aistudio.core.provider.gemini.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.Usage;
import org.aistudio.core.provider.sse.SseSubscriber;

/**
 * One {@code streamGenerateContent} exchange: reads the answer's server-sent events into the sink.
 *
 * <p>Gemini has no end-of-stream event: the last chunk carries a candidate with a
 * {@code finishReason} (and the final usage), then the server closes the body. So the stream
 * finishes when the body ends after a finish reason, and fails as incomplete when the body ends
 * without one.
 */
public final class GeminiStream implements SseSubscriber.Listener {

    private final EventSink sink;
    private final GeminiErrors errors;
    private final Predicate<ProviderException> takeOver;
    private final SseSubscriber body = new SseSubscriber(this);
    private final AtomicBoolean failed = new AtomicBoolean();
    private volatile CompletableFuture<?> exchange;
    private String finishReason;
    private volatile Usage usage;

    /**
     * @param takeOver offered this exchange's failure first; returns true when it handles it (for
     *     instance by trying again), false to let the failure end the stream
     */
    public GeminiStream(EventSink sink, GeminiErrors errors, Predicate<ProviderException> takeOver) {
        this.sink = sink;
        this.errors = errors;
        this.takeOver = takeOver;
    }

    /** Chooses how to read the body once the status is known. */
    public HttpResponse.BodySubscriber<Object> bodyFor(HttpResponse.ResponseInfo info) {
        if (info.statusCode() == 200) {
            return HttpResponse.BodySubscribers.fromSubscriber(body, ignored -> null);
        }
        return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(),
                bytes -> (Object) errors.fromResponse(info.statusCode(), info.headers(), bytes));
    }

    /**
     * Watches the exchange: failures before or outside the body end the stream, and so does an
     * error answer, once the exchange is over (a retry sent from inside the body's completion
     * could be given the connection still being handed back, and fail on it).
     */
    public void watch(CompletableFuture<? extends HttpResponse<?>> future) {
        this.exchange = future;
        future.whenComplete((response, error) -> {
            if (error != null) {
                fail(errors.fromThrowable(error, sink.answered()));
            } else if (response.body() instanceof ProviderException answered) {
                fail(answered);
            }
        });
    }

    /** Aborts the request: the server sees the connection close. */
    public void abort() {
        body.cancel();
        CompletableFuture<?> future = exchange;
        if (future != null) {
            future.cancel(true);
        }
    }

    @Override
    public void onData(byte[] data, int offset, int length) {
        GeminiWire.Chunk chunk;
        try {
            chunk = GeminiWire.JSON.readValue(data, offset, length, GeminiWire.Chunk.class);
        } catch (IOException e) {
            fail(errors.malformed(e));
            return;
        }
        if (chunk == null) {
            fail(errors.malformed(null));
        } else if (chunk.error() != null) {
            fail(errors.fromStreamError(chunk.error()));
        } else if (chunk.promptFeedback() != null && chunk.promptFeedback().blockReason() != null) {
            fail(errors.promptBlocked(chunk.promptFeedback()));
        } else {
            read(chunk);
        }
    }

    @Override
    public void onComplete(boolean droppedPartialEvent) {
        if (finishReason == null) {
            fail(errors.incomplete());
            return;
        }
        sink.usage(usage);
        sink.finish(finishReasonOf(finishReason));
    }

    @Override
    public void onError(Throwable error) {
        fail(errors.fromThrowable(error, sink.answered()));
    }

    private void read(GeminiWire.Chunk chunk) {
        if (chunk.usageMetadata() != null) {
            usage = usageOf(chunk.usageMetadata());
        }
        if (chunk.candidates() == null || chunk.candidates().isEmpty()) {
            return;
        }
        GeminiWire.Candidate candidate = chunk.candidates().get(0);
        if (candidate.content() != null && candidate.content().parts() != null) {
            for (GeminiWire.Part part : candidate.content().parts()) {
                if (part.isThought()) {
                    sink.reasoning(part.text());
                } else {
                    sink.text(part.text());
                }
            }
        }
        if (candidate.finishReason() != null && !candidate.finishReason().isEmpty()) {
            finishReason = candidate.finishReason();
        }
    }

    private void fail(ProviderException error) {
        if (sink.ended() || !failed.compareAndSet(false, true)) {
            return;
        }
        body.cancel();
        if (!takeOver.test(error)) {
            sink.usage(usage);
            sink.fail(error);
        }
    }

    /** Output counts thoughts too, as the common {@link Usage} shape wants. */
    static Usage usageOf(GeminiWire.UsageMetadata m) {
        long thoughts = orZero(m.thoughtsTokenCount());
        return new Usage(orZero(m.promptTokenCount()), orZero(m.candidatesTokenCount()) + thoughts, thoughts);
    }

    static FinishReason finishReasonOf(String reason) {
        return switch (reason) {
            case "STOP" -> FinishReason.STOP;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
                    FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    private static long orZero(Long value) {
        return value == null || value < 0 ? 0 : value;
    }
}
