package org.aistudio.core.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A provider whose answers tests script: chunks at a pace, then a finish, a failure, a cut
 * without terminal event, or a stall until cancelled. It counts calls and cancels, so tests can
 * see that a cancel reached "upstream".
 */
public final class ScriptedProvider implements ChatProvider {

    /** How a scripted answer ends. */
    public enum Ending { FINISH, FAIL, STALL }

    /** One scripted answer. */
    public record Script(List<String> chunks, Duration delay, Ending ending, ProviderException error, Usage usage) {

        public static Script answer(Duration delay, String... chunks) {
            return new Script(List.of(chunks), delay, Ending.FINISH, null, new Usage(3, chunks.length, 0));
        }

        public static Script failAfter(ProviderException error, String... chunks) {
            return new Script(List.of(chunks), Duration.ZERO, Ending.FAIL, error, null);
        }

        public static Script stallAfter(String... chunks) {
            return new Script(List.of(chunks), Duration.ZERO, Ending.STALL, null, null);
        }
    }

    private final String name;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentLinkedQueue<Script> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private volatile Script fallback;
    private volatile CountDownLatch cancelled = new CountDownLatch(1);

    public ScriptedProvider(String name, ScheduledExecutorService scheduler, Script fallback) {
        this.name = name;
        this.scheduler = scheduler;
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return name;
    }

    public ScriptedProvider enqueue(Script script) {
        queue.add(script);
        return this;
    }

    public void setDefault(Script script) {
        this.fallback = script;
    }

    public int calls() {
        return calls.get();
    }

    public int cancels() {
        return cancels.get();
    }

    /** Waits until some stream of this provider was cancelled. */
    public boolean awaitCancel(Duration timeout) throws InterruptedException {
        return cancelled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        calls.incrementAndGet();
        Script script = queue.poll();
        Script s = script == null ? fallback : script;
        EventSink sink = new EventSink(listener);
        List<ScheduledFuture<?>> futures = new ArrayList<>();
        AtomicReference<Boolean> stopped = new AtomicReference<>(false);
        long at = 0;
        for (String chunk : s.chunks()) {
            futures.add(scheduler.schedule(() -> sink.text(chunk), at, TimeUnit.NANOSECONDS));
            at += s.delay().toNanos();
        }
        Runnable end = switch (s.ending()) {
            case FINISH -> () -> {
                sink.usage(s.usage());
                sink.finish(FinishReason.STOP);
            };
            case FAIL -> () -> sink.fail(s.error());
            case STALL -> () -> { };
        };
        futures.add(scheduler.schedule(end, at, TimeUnit.NANOSECONDS));
        return () -> {
            if (stopped.getAndSet(true)) {
                return;
            }
            cancels.incrementAndGet();
            futures.forEach(f -> f.cancel(false));
            sink.cancelled();
            cancelled.countDown();
        };
    }
}
