package org.aistudio.core.provider.sse;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a response body as server-sent events. Plug it into the JDK client with
 * {@code HttpResponse.BodySubscribers.fromSubscriber(subscriber)}; {@link #cancel()} cancels the
 * body subscription, which makes the client close the connection, so the server sees the
 * disconnect.
 *
 * <p>The listener gets each event, then exactly one of {@link Listener#onComplete} or
 * {@link Listener#onError}, unless the subscriber was cancelled first, in which case it gets
 * nothing more. Buffers are requested one at a time, so a slow listener slows the server down
 * instead of filling memory.
 */
public final class SseSubscriber implements Flow.Subscriber<List<ByteBuffer>> {

    /** Receives the events of one body. Called on the HTTP client's threads, never concurrently. */
    public interface Listener {

        /** The data of one event: {@code length} bytes of {@code data} from {@code offset}, valid during the call. */
        void onData(byte[] data, int offset, int length);

        /**
         * The body ended.
         *
         * @param droppedPartialEvent whether the body stopped in the middle of an event
         */
        void onComplete(boolean droppedPartialEvent);

        /** The body failed: an I/O error, or bytes that are not an event stream. */
        void onError(Throwable error);
    }

    /** The largest event accepted: a provider's chunk is a few kilobytes. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

    private final Listener listener;
    private final SseDataSplitter splitter;
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private volatile boolean cancelled;
    private boolean done;

    public SseSubscriber(Listener listener) {
        this(listener, DEFAULT_MAX_EVENT_BYTES);
    }

    public SseSubscriber(Listener listener, int maxEventBytes) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.splitter = new SseDataSplitter(this::deliver, maxEventBytes);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s) || cancelled) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (done || cancelled) {
            return;
        }
        try {
            for (ByteBuffer buffer : buffers) {
                splitter.feed(buffer);
            }
        } catch (RuntimeException e) {
            done = true;
            cancelUpstream();
            listener.onError(e);
            return;
        }
        if (!cancelled) {
            subscription.get().request(1);
        }
    }

    @Override
    public void onError(Throwable error) {
        if (done || cancelled) {
            return;
        }
        done = true;
        listener.onError(error);
    }

    @Override
    public void onComplete() {
        if (done || cancelled) {
            return;
        }
        done = true;
        listener.onComplete(splitter.end());
    }

    /** Stops reading and cancels the body subscription; safe from any thread, idempotent. */
    public void cancel() {
        cancelled = true;
        cancelUpstream();
    }

    /** Whether {@link #cancel()} was called. */
    public boolean cancelled() {
        return cancelled;
    }

    private void cancelUpstream() {
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }

    private boolean deliver(byte[] data, int offset, int length) {
        if (!cancelled) {
            listener.onData(data, offset, length);
        }
        return !cancelled;
    }
}
