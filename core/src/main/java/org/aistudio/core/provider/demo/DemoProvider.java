package org.aistudio.core.provider.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.Role;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.provider.Usage;

/**
 * Streams a deterministic answer, one word per chunk, with a fixed pause between chunks.
 *
 * <p>The answer depends only on the last user message, so tests can predict it with
 * {@link #answerFor(ChatRequest)}. When the request asks for reasoning effort, a short reasoning
 * text comes first. A {@code maxTokens} option cuts the answer and ends it with
 * {@link FinishReason#LENGTH}.
 */
public final class DemoProvider implements ChatProvider {

    public static final String NAME = "demo";
    public static final Duration DEFAULT_CHUNK_DELAY = Duration.ofMillis(40);

    private final ScheduledExecutorService scheduler;
    private final Duration chunkDelay;

    public DemoProvider(ScheduledExecutorService scheduler, Duration chunkDelay) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.chunkDelay = Objects.requireNonNull(chunkDelay, "chunkDelay");
        if (chunkDelay.isNegative()) {
            throw new IllegalArgumentException("demo chunk delay cannot be negative: " + chunkDelay);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The full answer text the demo provider streams for this request (before any length cut). */
    public static String answerFor(ChatRequest request) {
        String prompt = lastUserMessage(request);
        String echo = prompt.length() > 200 ? prompt.substring(0, 200) + "..." : prompt;
        return "Hello from the demo provider of AI Studio Streaming. You asked: \"" + echo.strip()
                + "\". This answer streams one word at a time so that you can watch it arrive, "
                + "stop it, or reload the page and see it resume.";
    }

    /** The reasoning text streamed before the answer when reasoning effort is requested. */
    public static String reasoningFor(ChatRequest request) {
        return "The user wants a demonstration. I will answer politely and briefly.";
    }

    /** The chunks of the answer: each word with its following space. */
    public static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                chunks.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            chunks.add(text.substring(start));
        }
        return chunks;
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        EventSink sink = new EventSink(listener);
        List<String> reasoning = request.options().reasoningEffort() == null
                ? List.of() : chunks(reasoningFor(request));
        List<String> answer = chunks(answerFor(request));
        Integer max = request.options().maxTokens();
        boolean cut = max != null && max < answer.size();
        List<String> text = cut ? answer.subList(0, max) : answer;
        long input = countWords(request);
        Run run = new Run(sink, reasoning, text, cut ? FinishReason.LENGTH : FinishReason.STOP,
                new Usage(input, reasoning.size() + text.size(), reasoning.size()));
        run.scheduleNext(Duration.ZERO);
        return run::cancel;
    }

    /** Its answers are written from the scheduler; starting one only schedules the first word. */
    @Override
    public boolean startsWithoutBlocking() {
        return true;
    }

    private static long countWords(ChatRequest request) {
        long words = 0;
        for (ChatMessage message : request.messages()) {
            words += message.content().isBlank() ? 0 : message.content().strip().split("\\s+").length;
        }
        return words;
    }

    private static String lastUserMessage(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i).content();
            }
        }
        return messages.get(messages.size() - 1).content();
    }

    /** One stream: walks reasoning chunks, then text chunks, then usage and the finish. */
    private final class Run implements Runnable {
        private final EventSink sink;
        private final List<String> reasoning;
        private final List<String> text;
        private final FinishReason reason;
        private final Usage usage;
        private final AtomicReference<ScheduledFuture<?>> next = new AtomicReference<>();
        private int index;

        Run(EventSink sink, List<String> reasoning, List<String> text, FinishReason reason, Usage usage) {
            this.sink = sink;
            this.reasoning = reasoning;
            this.text = text;
            this.reason = reason;
            this.usage = usage;
        }

        void scheduleNext(Duration delay) {
            if (sink.ended()) {
                return;
            }
            next.set(scheduler.schedule(this, delay.toNanos(), TimeUnit.NANOSECONDS));
        }

        @Override
        public void run() {
            if (index < reasoning.size()) {
                sink.reasoning(reasoning.get(index++));
            } else if (index < reasoning.size() + text.size()) {
                sink.text(text.get(index++ - reasoning.size()));
            } else {
                sink.usage(usage);
                sink.finish(reason);
                return;
            }
            scheduleNext(chunkDelay);
        }

        void cancel() {
            if (sink.cancelled()) {
                ScheduledFuture<?> pending = next.get();
                if (pending != null) {
                    pending.cancel(false);
                }
            }
        }
    }
}
