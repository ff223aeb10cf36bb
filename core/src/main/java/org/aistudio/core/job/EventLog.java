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
 *
 * <p>The deltas are not kept as objects: the answer's text and its reasoning are each one buffer,
 * and an event is a mark of where its piece lies in one of them. An answer of a thousand deltas
 * is then a few objects instead of three thousand, which is what every young collection copies
 * while the answer runs and while its ended job is kept for replays; its text is also the job's
 * content, so it is not held twice. A reader gets each delta back as an event when it reads it.
 */
public final class EventLog {

    private static final int TEXT = 0;
    private static final int REASONING = 1;
    private static final int OTHER = 2;
    private static final long[] NO_MARKS = {};

    private volatile JobHeader header;
    /**
     * One per event: its kind in the low two bits; above them a delta's end (31 bits) and start
     * in its buffer, or another event's index in {@link #others}.
     */
    private long[] marks = NO_MARKS;
    private int size;
    private final StringBuilder text = new StringBuilder(0);
    private StringBuilder reasoning;
    private List<JobEvent> others;
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
            if (event instanceof JobEvent.Text t) {
                mark(TEXT, text, t.text());
            } else if (event instanceof JobEvent.Reasoning r) {
                if (reasoning == null) {
                    reasoning = new StringBuilder(r.text().length());
                }
                mark(REASONING, reasoning, r.text());
            } else {
                if (others == null) {
                    others = new ArrayList<>(2);
                }
                others.add(event);
                add((long) (others.size() - 1) << 2 | OTHER);
            }
            if (event instanceof JobEvent.Ended) {
                ended = true;
                compact();
            }
        }
        for (LogSubscription s : subscribers) {
            s.signal();
        }
    }

    /**
     * Appends, as one delta, what a stored answer has beyond this log's text: the content another
     * instance checkpointed, or the ending that was written elsewhere.
     */
    void appendStoredText(String content) {
        String rest;
        synchronized (this) {
            if (content == null || content.length() <= text.length()) {
                return;
            }
            rest = content.substring(text.length());
        }
        append(new JobEvent.Text(rest));
    }

    private void mark(int kind, StringBuilder buffer, String piece) {
        long start = buffer.length();
        buffer.append(piece);
        add(start << 33 | (long) buffer.length() << 2 | kind);
    }

    private void add(long mark) {
        if (size == marks.length) {
            marks = Arrays.copyOf(marks, Math.max(8, size * 2));
        }
        marks[size++] = mark;
    }

    /** An ended log only grows no more: its buffers give back what they had reserved for growth. */
    private void compact() {
        if (marks.length != size) {
            marks = Arrays.copyOf(marks, size);
        }
        text.trimToSize();
        if (reasoning != null) {
            reasoning.trimToSize();
        }
    }

    public boolean ended() {
        return ended;
    }

    synchronized int size() {
        return size;
    }

    synchronized JobEvent get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("event " + index + " of " + size);
        }
        long mark = marks[index];
        int kind = (int) (mark & 3);
        if (kind == OTHER) {
            return others.get((int) (mark >>> 2));
        }
        int start = (int) (mark >>> 33);
        int end = (int) (mark >>> 2 & 0x7FFF_FFFFL);
        return kind == TEXT
                ? new JobEvent.Text(text.substring(start, end))
                : new JobEvent.Reasoning(reasoning.substring(start, end));
    }

    /** A snapshot of the events so far. */
    public synchronized List<JobEvent> events() {
        JobEvent[] snapshot = new JobEvent[size];
        for (int i = 0; i < size; i++) {
            snapshot[i] = get(i);
        }
        return List.of(snapshot);
    }

    /** The text of every {@link JobEvent.Text} so far, in order: the answer. */
    public synchronized String text() {
        return text.toString();
    }

    /** The text of every {@link JobEvent.Reasoning} so far, in order. */
    public synchronized String reasoning() {
        return reasoning == null ? "" : reasoning.toString();
    }

    /** How many characters {@link #text()} and {@link #reasoning()} have, and how many deltas. */
    synchronized Progress progress() {
        int deltas = size - (others == null ? 0 : others.size());
        return new Progress(deltas, text.length(), reasoning == null ? 0 : reasoning.length());
    }

    /** A job's progress as its checkpoints report it. */
    record Progress(int deltas, int textChars, int reasoningChars) {
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
