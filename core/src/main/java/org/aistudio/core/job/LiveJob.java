package org.aistudio.core.job;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.provider.Usage;

/**
 * A job running on this instance: it owns the provider stream, accumulates the answer, feeds the
 * event log and decides the job's one ending. Clients come and go as subscribers of its log; the
 * job runs to its end whatever they do.
 */
public final class LiveJob implements ChatListener {

    private volatile Job job;
    private final ModelInfo model;
    private final EventLog log;
    private final JobEngine engine;
    private final long startNanos;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CompletableFuture<Void> rowsWritten = new CompletableFuture<>();
    private volatile StreamHandle handle;
    private volatile Usage usage = Usage.ZERO;
    private volatile long firstTokenNanos = -1;
    private volatile long lastChunkNanos;
    private volatile long cancelRequestedNanos = -1;
    private volatile boolean dirty;
    private volatile long lastPersistNanos;
    private volatile long retiredNanos;

    LiveJob(Job job, ModelInfo model, EventLog log, JobEngine engine, long startNanos) {
        this.job = job;
        this.model = model;
        this.log = log;
        this.engine = engine;
        this.startNanos = startNanos;
        this.lastChunkNanos = startNanos;
        this.lastPersistNanos = startNanos;
    }

    public UUID id() {
        return job.id();
    }

    public Job job() {
        return job;
    }

    public ModelInfo model() {
        return model;
    }

    public EventLog log() {
        return log;
    }

    public boolean ended() {
        return ended.get();
    }

    /** Completes when the job's rows are committed; an ending is written only after that. */
    CompletableFuture<Void> rowsWritten() {
        return rowsWritten;
    }

    /** The rows are committed: the stored job replaces the one known before the write. */
    void stored(Job storedJob) {
        if (storedJob != job) {
            this.job = storedJob;
            log.restamp(JobHeader.of(storedJob));
        }
        rowsWritten.complete(null);
    }

    /** The rows were not written (the start was refused): stop the provider, end nothing. */
    void abandon(Throwable why) {
        ended.set(true);
        stopUpstream();
        rowsWritten.completeExceptionally(why);
    }

    void attach(StreamHandle streamHandle) {
        this.handle = streamHandle;
        if (ended.get()) {
            handle = null;
            streamHandle.cancel();
        }
    }

    @Override
    public void onEvent(ChatEvent event) {
        if (ended.get()) {
            return;
        }
        long now = engine.nanoTime();
        if (event instanceof ChatEvent.TextDelta delta) {
            firstToken(now);
            lastChunkNanos = now;
            log.append(new JobEvent.Text(delta.text()));
            dirty = true;
        } else if (event instanceof ChatEvent.ReasoningDelta delta) {
            firstToken(now);
            lastChunkNanos = now;
            log.append(new JobEvent.Reasoning(delta.text()));
            dirty = true;
        } else if (event instanceof ChatEvent.UsageReport report) {
            usage = report.usage();
            lastChunkNanos = now;
        } else if (event instanceof ChatEvent.Finished finished) {
            end(JobStatus.COMPLETED, finished.reason(), null);
        } else if (event instanceof ChatEvent.Failed failed) {
            end(JobStatus.FAILED, null, failed.error());
        } else if (event instanceof ChatEvent.Cancelled) {
            end(JobStatus.CANCELLED, null, null);
        }
    }

    private void firstToken(long now) {
        if (firstTokenNanos < 0) {
            firstTokenNanos = now;
            engine.observer().firstToken(model, Duration.ofNanos(now - startNanos));
        }
    }

    /** Asks the provider to stop; the job ends {@code cancelled} with what it has. */
    void cancel() {
        if (ended.get()) {
            return;
        }
        cancelRequestedNanos = engine.nanoTime();
        StreamHandle h = handle;
        if (h != null) {
            h.cancel();
        }
    }

    /** Checks this job's deadlines; called by the engine's watchdog. */
    void watch(long now) {
        if (ended.get()) {
            return;
        }
        ModelInfo.ModelTimeouts t = model.timeouts();
        if (cancelRequestedNanos >= 0 && now - cancelRequestedNanos > engine.config().cancelGrace().toNanos()) {
            end(JobStatus.CANCELLED, null, null);
        } else if (firstTokenNanos < 0 && now - startNanos > t.firstToken().toNanos()) {
            timeout("no first token within " + t.firstToken().toMillis() + " ms");
        } else if (firstTokenNanos >= 0 && now - lastChunkNanos > t.idle().toNanos()) {
            timeout("no data from the model for " + t.idle().toMillis() + " ms");
        } else if (now - startNanos > t.total().toNanos()) {
            timeout("the answer took longer than " + t.total().toMillis() + " ms");
        }
    }

    private void timeout(String why) {
        end(JobStatus.FAILED, null, new ProviderException(model.provider(), ErrorKind.TIMEOUT, "timeout: " + why));
    }

    /** Ends the job because this instance shuts down. */
    void interrupt(String why) {
        end(JobStatus.FAILED, null, new ProviderException(model.provider(), ErrorKind.INTERRUPTED, why));
    }

    /** Another instance or the sweeper ended the job in the database: stop generating, report its ending. */
    void lost() {
        if (ended.compareAndSet(false, true)) {
            stopUpstream();
            engine.adoptStoredEnding(this);
        }
    }

    private void end(JobStatus status, FinishReason reason, ProviderException error) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (status == JobStatus.COMPLETED) {
            handle = null;
        } else {
            stopUpstream();
        }
        engine.persistEnding(this, status, reason, error);
    }

    /**
     * Cancels the provider call and lets go of it. An ended job stays in memory for a while for
     * replays, and the call holds the whole request (the conversation, and its bytes on the wire)
     * and the exchange's state; only the job's log is needed for a replay.
     */
    private void stopUpstream() {
        StreamHandle h = handle;
        handle = null;
        if (h != null) {
            h.cancel();
        }
    }

    /** Its ending is written: from now it is only kept for replays. */
    void retired(long now) {
        retiredNanos = now;
    }

    long retiredNanos() {
        return retiredNanos;
    }

    /** Whether this job still holds its provider call (it lets go of it when it ends). */
    boolean holdsProviderCall() {
        return handle != null;
    }

    /** A checkpoint when the content changed since the last one, else null. */
    Checkpoint takeCheckpoint(long now) {
        if (!dirty || ended.get()) {
            return null;
        }
        dirty = false;
        lastPersistNanos = now;
        return new Checkpoint(job.id(), content(), progressInfo());
    }

    boolean heartbeatDue(long now, long intervalNanos) {
        return !ended.get() && now - lastPersistNanos >= intervalNanos;
    }

    void heartbeatSent(long now) {
        lastPersistNanos = now;
    }

    /** The answer so far: the log holds it, so it is not kept twice. */
    String content() {
        return log.text();
    }

    String reasoningText() {
        return log.reasoning();
    }

    Usage usage() {
        return usage;
    }

    Duration elapsed(long now) {
        return Duration.ofNanos(now - startNanos);
    }

    String progressInfo() {
        long ttft = firstTokenNanos < 0 ? -1 : (firstTokenNanos - startNanos) / 1_000_000;
        EventLog.Progress p = log.progress();
        return "{\"tokensSoFar\":" + p.deltas() + ",\"textChars\":" + p.textChars()
                + ",\"reasoningChars\":" + p.reasoningChars()
                + (ttft < 0 ? "" : ",\"timeToFirstTokenMs\":" + ttft) + "}";
    }
}
