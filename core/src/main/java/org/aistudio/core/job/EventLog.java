package org.aistudio.core.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aistudio.core.stream.StreamEncoder;

/**
 * The numbered events of one job, from its first delta to its end. Generation appends; each
 * client response is a subscriber reading at its own pace from its own position, so the log is
 * shared and no subscriber has a buffer of its own. Its size is bounded by the answer itself.
 */
public final class EventLog {

    private volatile JobHeader header;
    private final List<JobEvent> events = new ArrayList<>();
    private static final LogSubscription[] NO_SUBSCRIBERS = {};

    /** Copied on write: almost every log has one reader, and a held stream should cost little. */
    private volatile LogSubscription[] subscribers = NO_SUBSCRIBERS;
    private final LongSupplier nanoTime;
    private volatile boolean ended;
    private volatile boolean everSubscribed;

    public EventLog(JobHeader header, LongSupplier nanoTime) {
        this.header = header;
        this.nanoTime = nanoTime;
    }

    long nanoTime() {
        return nanoTime.getAsLong();
    }

    public JobHeader header() {
        return header;
    }

    /** Replaces the header of a log that has no reader yet (a job whose rows were written after its start). */
    void restamp(JobHeader stored) {
        if (everSubscribed) {
            throw new IllegalStateException("the header of a log with readers cannot change");
        }
        this.header = stored;
    }

    /** Appends an event and wakes every subscriber. After {@link JobEvent.Ended} the log is closed. */
    public void append(JobEvent event) {
        synchronized (this) {
            if (ended) {
                return;
            }
            events.add(event);
            if (event instanceof JobEvent.Ended) {
                ended = true;
            }
        }
        for (LogSubscription s : subscribers) {
            s.signal();
        }
    }

    public boolean ended() {
        return ended;
    }

    synchronized int size() {
        return events.size();
    }

    synchronized JobEvent get(int index) {
        return events.get(index);
    }

    /** A snapshot of the events so far. */
    public synchronized List<JobEvent> events() {
        return List.copyOf(events);
    }

    /**
     * A publisher of this job's frames in the encoder's wire format.
     *
     * @param encoder a fresh encoder for this response
     * @param afterSequence skip frames numbered up to this one ({@code Last-Event-ID}); 0 for all
     * @param maxLag how many events a reader may fall behind before it is ended with an overflow frame
     */
    public Flow.Publisher<String> publisher(Supplier<StreamEncoder> encoder, long afterSequence, int maxLag) {
        return subscriber -> {
            LogSubscription s = new LogSubscription(this, encoder.get(), afterSequence, maxLag, subscriber);
            add(s);
            everSubscribed = true;
            subscriber.onSubscribe(s);
            s.signal();
        };
    }

    private synchronized void add(LogSubscription subscription) {
        LogSubscription[] now = subscribers;
        LogSubscription[] next = Arrays.copyOf(now, now.length + 1);
        next[now.length] = subscription;
        subscribers = next;
    }

    synchronized void remove(LogSubscription subscription) {
        LogSubscription[] now = subscribers;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == subscription) {
                LogSubscription[] next = now.length == 1 ? NO_SUBSCRIBERS : new LogSubscription[now.length - 1];
                System.arraycopy(now, 0, next, 0, i);
                System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                subscribers = next;
                return;
            }
        }
    }

    /** Whether every response that read this log has gone. */
    public boolean abandoned() {
        return everSubscribed && subscribers.length == 0;
    }

    /** How many responses are reading this log now. */
    public int subscriberCount() {
        return subscribers.length;
    }

    /** Sends a keep-alive to subscribers that wrote nothing for {@code idleNanos}. */
    public void keepAlive(long nowNanos, long idleNanos) {
        for (LogSubscription s : subscribers) {
            s.keepAliveIfIdle(nowNanos, idleNanos);
        }
    }
}
