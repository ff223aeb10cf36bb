package org.aistudio.core.provider.bedrock.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.Usage;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * One {@code ConverseStream} call: subscribes to the SDK's event publisher and turns events into
 * the sink's events.
 *
 * <p>Bedrock sends {@code messageStart}, content block events, {@code messageStop} with the stop
 * reason, then {@code metadata} with the usage. The stream finishes when the publisher completes
 * after a {@code messageStop}; without one it fails as incomplete. The SDK reports a connection
 * cut mid-stream as a normal end, so an end before any delta counts as a network failure, which
 * may be retried since nothing reached the caller. A failure after {@code messageStop} still
 * finishes: the answer is whole, only the usage report is missing.
 */
public final class BedrockStream implements Subscriber<ConverseStreamOutput> {

    private final EventSink sink;
    private final BedrockErrors errors;
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();
    private final ConverseStreamResponseHandler.Visitor visitor = ConverseStreamResponseHandler.Visitor.builder()
            .onContentBlockDelta(this::delta)
            .onMessageStop(this::stop)
            .onMetadata(this::metadata)
            .build();
    private volatile CompletableFuture<?> call;
    private volatile boolean cancelled;
    private volatile String stopReason;
    private volatile Usage usage;

    public BedrockStream(EventSink sink, BedrockErrors errors) {
        this.sink = sink;
        this.errors = errors;
    }

    /** The SDK handler: this stream subscribes to the events; failures of any stage end it. */
    public ConverseStreamResponseHandler handler() {
        return ConverseStreamResponseHandler.builder()
                .subscriber(() -> this)
                .onError(this::failWith)
                .build();
    }

    /** Watches the SDK call: a failure before the event stream opened ends the stream too. */
    public void watch(CompletableFuture<?> future) {
        this.call = future;
        future.whenComplete((ignored, error) -> {
            if (error != null) {
                failWith(error);
            }
        });
    }

    /** Delivers {@code Cancelled} and closes the connection: cancels the subscription and the call. */
    public void cancel() {
        cancelled = true;
        sink.cancelled();
        Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<?> future = call;
        if (future != null) {
            future.cancel(true);
        }
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (!subscription.compareAndSet(null, s) || cancelled) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(ConverseStreamOutput event) {
        if (sink.ended()) {
            return;
        }
        event.accept(visitor);
        subscription.get().request(1);
    }

    @Override
    public void onError(Throwable error) {
        failWith(error);
    }

    @Override
    public void onComplete() {
        String reason = stopReason;
        if (reason == null) {
            end(errors.incomplete(sink.answered()));
            return;
        }
        sink.usage(usage);
        sink.finish(finishReasonOf(reason));
    }

    private void delta(ContentBlockDeltaEvent event) {
        ContentBlockDelta delta = event.delta();
        if (delta == null) {
            return;
        }
        sink.text(delta.text());
        if (delta.reasoningContent() != null) {
            sink.reasoning(delta.reasoningContent().text());
        }
    }

    private void stop(MessageStopEvent event) {
        stopReason = event.stopReasonAsString() == null ? "" : event.stopReasonAsString();
    }

    private void metadata(ConverseStreamMetadataEvent event) {
        TokenUsage u = event.usage();
        if (u != null) {
            usage = new Usage(orZero(u.inputTokens()), orZero(u.outputTokens()), 0);
        }
    }

    private void failWith(Throwable error) {
        if (sink.ended()) {
            return;
        }
        String reason = stopReason;
        if (reason != null) {
            sink.usage(usage);
            sink.finish(finishReasonOf(reason));
            return;
        }
        end(errors.fromThrowable(error, sink.answered()));
    }

    private void end(ProviderException error) {
        sink.usage(usage);
        if (sink.fail(error)) {
            Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
        }
    }

    static FinishReason finishReasonOf(String reason) {
        return switch (reason) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "guardrail_intervened", "content_filtered" -> FinishReason.CONTENT_FILTER;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            default -> FinishReason.OTHER;
        };
    }

    private static long orZero(Integer value) {
        return value == null || value < 0 ? 0 : value;
    }
}
