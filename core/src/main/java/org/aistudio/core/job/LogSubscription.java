package org.aistudio.core.job;

import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.aistudio.core.stream.Frame;
import org.aistudio.core.stream.StreamEncoder;

/**
 * One response reading an {@link EventLog}: a cursor into the log, an encoder, and the reader's
 * demand. Frames are encoded only when the reader asks for them, so a slow reader costs a cursor,
 * not a buffer; a reader more than {@code maxLag} events behind is ended with an overflow frame.
 */
final class LogSubscription implements Flow.Subscription {

    private final EventLog log;
    private final StreamEncoder encoder;
    private final long afterSequence;
    private final int maxLag;
    private final Flow.Subscriber<? super String> downstream;
    private final ArrayDeque<Frame> pending = new ArrayDeque<>(8);
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean cancelled;
    private volatile boolean keepAliveDue;
    private final int startSize;
    private volatile long lastWriteNanos;
    private boolean begun;
    private boolean finished;
    private boolean overflowed;
    private long lastSequence;
    private int cursor;

    LogSubscription(EventLog log, StreamEncoder encoder, long afterSequence, int maxLag,
                    Flow.Subscriber<? super String> downstream) {
        this.log = log;
        this.encoder = encoder;
        this.afterSequence = afterSequence;
        this.maxLag = maxLag;
        this.downstream = downstream;
        this.startSize = log.size();
        this.lastWriteNanos = log.nanoTime();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            cancel();
            downstream.onError(new IllegalArgumentException("request must be positive"));
            return;
        }
        requested.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        signal();
    }

    @Override
    public void cancel() {
        cancelled = true;
        log.remove(this);
    }

    void keepAliveIfIdle(long nowNanos, long idleNanos) {
        if (nowNanos - lastWriteNanos >= idleNanos) {
            keepAliveDue = true;
            signal();
        }
    }

    void signal() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            drain();
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drain() {
        while (!cancelled && requested.get() > 0) {
            Frame frame = next();
            if (frame == null) {
                break;
            }
            if (frame.sequence() != 0) {
                lastSequence = frame.sequence();
                if (frame.sequence() <= afterSequence) {
                    continue;
                }
            }
            if (requested.get() != Long.MAX_VALUE) {
                requested.decrementAndGet();
            }
            lastWriteNanos = log.nanoTime();
            downstream.onNext(frame.text());
        }
        if (!cancelled && !finished && requested.get() == 0 && unreadLive() > maxLag) {
            // The reader stopped asking while the answer went on: end its stream at its next request
            // instead of keeping a growing backlog for it. The job itself is not affected.
            overflowed = true;
        }
        if (!cancelled && finished && pending.isEmpty()) {
            cancelled = true;
            log.remove(this);
            downstream.onComplete();
        }
    }

    /** Events appended after this reader arrived and not yet read: replaying a long answer is not lagging. */
    private int unreadLive() {
        return log.size() - Math.max(cursor, startSize);
    }

    private Frame next() {
        if (!begun) {
            begun = true;
            encoder.begin(log.header(), pending::add);
        }
        if (overflowed && !finished) {
            finished = true;
            pending.clear();
            return encoder.overflow(lastSequence);
        }
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        if (finished) {
            return null;
        }
        // Events an encoder writes nothing for (the whole-answer aggregator's deltas) are read on
        // past: a reader that arrived after they were appended has no later signal to wait for.
        while (cursor < log.size()) {
            JobEvent event = log.get(cursor++);
            encoder.encode(event, pending::add);
            keepAliveDue = false;
            if (event instanceof JobEvent.Ended) {
                finished = true;
                return pending.poll();
            }
            if (!pending.isEmpty()) {
                return pending.poll();
            }
        }
        if (keepAliveDue) {
            keepAliveDue = false;
            return encoder.keepAlive();
        }
        return null;
    }
}
