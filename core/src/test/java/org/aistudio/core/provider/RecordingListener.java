package org.aistudio.core.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Collects a stream's events and lets a test wait for its terminal event. */
public final class RecordingListener implements ChatListener {

    private final List<ChatEvent> events = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch firstDelta = new CountDownLatch(1);
    private int terminalCount;

    @Override
    public synchronized void onEvent(ChatEvent event) {
        events.add(event);
        if (event instanceof ChatEvent.TextDelta || event instanceof ChatEvent.ReasoningDelta) {
            firstDelta.countDown();
        }
        if (event.terminal()) {
            terminalCount++;
            ended.countDown();
        }
    }

    /** Waits for the terminal event and returns it. */
    public ChatEvent awaitTerminal(Duration timeout) {
        await(ended, timeout, "no terminal event");
        return terminal();
    }

    public void awaitFirstDelta(Duration timeout) {
        await(firstDelta, timeout, "no text arrived");
    }

    public synchronized List<ChatEvent> events() {
        return List.copyOf(events);
    }

    public synchronized ChatEvent terminal() {
        return events.stream().filter(ChatEvent::terminal).findFirst().orElse(null);
    }

    public synchronized int terminalCount() {
        return terminalCount;
    }

    public synchronized String text() {
        StringBuilder sb = new StringBuilder();
        for (ChatEvent e : events) {
            if (e instanceof ChatEvent.TextDelta t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    public synchronized String reasoning() {
        StringBuilder sb = new StringBuilder();
        for (ChatEvent e : events) {
            if (e instanceof ChatEvent.ReasoningDelta r) {
                sb.append(r.text());
            }
        }
        return sb.toString();
    }

    /** The last usage report, or null. */
    public synchronized Usage usage() {
        Usage last = null;
        for (ChatEvent e : events) {
            if (e instanceof ChatEvent.UsageReport u) {
                last = u.usage();
            }
        }
        return last;
    }

    private static void await(CountDownLatch latch, Duration timeout, String what) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(what + " within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
