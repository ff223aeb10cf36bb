package org.aistudio.core.provider.resilience;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.provider.Usage;

/**
 * An in-memory provider whose calls follow a queue of scripted outcomes, delivered synchronously
 * on the caller's thread (or held open until cancelled). Records the models asked for.
 */
final class ScriptedProvider implements ChatProvider {

    private final String name;
    private final Deque<Outcome> outcomes = new ArrayDeque<>();
    private final List<String> models = new ArrayList<>();
    private final AtomicInteger cancels = new AtomicInteger();
    private Outcome fallbackOutcome = answer("ok");

    ScriptedProvider(String name) {
        this.name = name;
    }

    /** One call's outcome. */
    interface Outcome {
        void play(EventSink sink);
    }

    static Outcome answer(String... chunks) {
        return sink -> {
            for (String c : chunks) {
                sink.text(c);
            }
            sink.usage(new Usage(1, chunks.length, 0));
            sink.finish(FinishReason.STOP);
        };
    }

    static Outcome fail(ErrorKind kind) {
        return sink -> sink.fail(new ProviderException("scripted", kind, kind.code()));
    }

    static Outcome failWithRetryAfter(Duration retryAfter) {
        return sink -> sink.fail(new ProviderException("scripted", ErrorKind.RATE_LIMITED, 429, retryAfter,
                "slow down", null));
    }

    static Outcome textThenFail(String text, ErrorKind kind) {
        return sink -> {
            sink.text(text);
            sink.fail(new ProviderException("scripted", kind, kind.code()));
        };
    }

    /** Streams a delta and stays open until cancelled. */
    static Outcome hang() {
        return sink -> sink.text("...");
    }

    synchronized ScriptedProvider then(Outcome... next) {
        outcomes.addAll(List.of(next));
        return this;
    }

    synchronized ScriptedProvider otherwise(Outcome outcome) {
        fallbackOutcome = outcome;
        return this;
    }

    synchronized int calls() {
        return models.size();
    }

    synchronized List<String> models() {
        return List.copyOf(models);
    }

    int cancels() {
        return cancels.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        Outcome outcome;
        synchronized (this) {
            models.add(request.model());
            outcome = outcomes.isEmpty() ? fallbackOutcome : outcomes.poll();
        }
        EventSink sink = new EventSink(listener);
        outcome.play(sink);
        return () -> {
            cancels.incrementAndGet();
            sink.cancelled();
        };
    }
}
