package org.aistudio.core.provider.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that records the delays asked for and, unless told to wait for real, runs the task
 * at once: backoff is observed without being waited out.
 */
final class RecordingScheduler extends ScheduledThreadPoolExecutor {

    private final boolean immediate;
    private final List<Duration> delays = new CopyOnWriteArrayList<>();
    private final List<ScheduledFuture<?>> futures = new CopyOnWriteArrayList<>();

    private RecordingScheduler(boolean immediate) {
        super(1);
        this.immediate = immediate;
        setRemoveOnCancelPolicy(true);
    }

    static RecordingScheduler immediate() {
        return new RecordingScheduler(true);
    }

    /** Waits the real delays (use long ones to hold a retry in backoff). */
    static RecordingScheduler real() {
        return new RecordingScheduler(false);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        delays.add(Duration.ofNanos(unit.toNanos(delay)));
        ScheduledFuture<?> future = super.schedule(command, immediate ? 0 : delay, unit);
        futures.add(future);
        return future;
    }

    List<Duration> delays() {
        return List.copyOf(delays);
    }

    List<ScheduledFuture<?>> futures() {
        return List.copyOf(futures);
    }
}
