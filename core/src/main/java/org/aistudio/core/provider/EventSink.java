package org.aistudio.core.provider;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Enforces the listener contract for adapters: events are delivered one at a time, exactly one
 * terminal event is delivered, nothing after it, and empty deltas are dropped.
 */
public final class EventSink {

    private final ChatListener listener;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean answered;

    public EventSink(ChatListener listener) {
        this.listener = listener;
    }

    public void text(String text) {
        if (text != null && !text.isEmpty()) {
            answered = true;
            deliver(new ChatEvent.TextDelta(text));
        }
    }

    public void reasoning(String text) {
        if (text != null && !text.isEmpty()) {
            answered = true;
            deliver(new ChatEvent.ReasoningDelta(text));
        }
    }

    public void usage(Usage usage) {
        if (usage != null) {
            deliver(new ChatEvent.UsageReport(usage));
        }
    }

    /** Delivers {@link ChatEvent.Finished}; returns false when the stream had already ended. */
    public boolean finish(FinishReason reason) {
        return end(new ChatEvent.Finished(reason));
    }

    /** Delivers {@link ChatEvent.Failed}; returns false when the stream had already ended. */
    public boolean fail(ProviderException error) {
        return end(new ChatEvent.Failed(error));
    }

    /** Delivers {@link ChatEvent.Cancelled}; returns false when the stream had already ended. */
    public boolean cancelled() {
        return end(new ChatEvent.Cancelled());
    }

    /** Whether a terminal event was delivered. */
    public boolean ended() {
        return ended.get();
    }

    /** Whether any text or reasoning was delivered (a retry is then no longer allowed). */
    public boolean answered() {
        return answered;
    }

    private boolean end(ChatEvent terminal) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        synchronized (this) {
            listener.onEvent(terminal);
        }
        return true;
    }

    private void deliver(ChatEvent event) {
        if (ended.get()) {
            return;
        }
        synchronized (this) {
            if (!ended.get()) {
                listener.onEvent(event);
            }
        }
    }
}
