package org.aistudio.core.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aistudio.core.AiStudioException;
import org.aistudio.core.job.JobEngineTasks.Task;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.sanitize.Sanitizer;
import org.aistudio.core.stream.StreamEncoder;

/**
 * Runs streaming jobs on this instance: starts them (rows first, then the provider), keeps their
 * event logs for clients, writes batched checkpoints and heartbeats, enforces deadlines, ends each
 * job exactly once, sweeps jobs of lost instances, cleans up, and drains on shutdown.
 *
 * <p>Database work runs on {@code dbExecutor}, never on the caller's or the provider's threads; a
 * slow database delays checkpoints, never tokens.
 */
public final class JobEngine implements AutoCloseable {

    /** Error message of jobs whose instance stopped heartbeating. */
    public static final String INSTANCE_LOST = "interrupted: instance lost";
    /** Error message of jobs still running when the drain period ended. */
    public static final String SHUTDOWN = "interrupted: shutdown";

    private static final Sanitizer SANITIZER = Sanitizer.defaults();

    private final JobStore store;
    private final JobEngineConfig config;
    private final ScheduledExecutorService scheduler;
    private final Executor dbExecutor;
    private final Executor upkeepExecutor;
    private final LongSupplier nanoTime;
    private final JobObserver observer;
    private final Map<UUID, LiveJob> live = new ConcurrentHashMap<>();
    /** Ended jobs kept for replays, oldest first. */
    private final Queue<LiveJob> retired = new ConcurrentLinkedQueue<>();
    /** Jobs whose ending is not yet in their log: what the watchdog and the checkpoints walk. */
    private final Map<UUID, LiveJob> unfinished = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<Void>> endings = new ConcurrentHashMap<>();
    private final java.util.Set<EventLog> mirrors = ConcurrentHashMap.newKeySet();
    private final JobEngineTasks tasks;
    private volatile boolean accepting = true;

    public JobEngine(JobStore store, JobEngineConfig config, ScheduledExecutorService scheduler, Executor dbExecutor,
                     LongSupplier nanoTime, JobObserver observer) {
        this(store, config, scheduler, dbExecutor, dbExecutor, nanoTime, observer);
    }

    /**
     * @param upkeepExecutor runs the batched checkpoints and heartbeats: the database executor's
     *                       threads, but ahead of the work waiting for them (as
     *                       {@link org.aistudio.core.jdbc.WarmThreadsExecutor#ahead()} does), so
     *                       that a burst of new jobs cannot make running ones look lost
     */
    public JobEngine(JobStore store, JobEngineConfig config, ScheduledExecutorService scheduler, Executor dbExecutor,
                     Executor upkeepExecutor, LongSupplier nanoTime, JobObserver observer) {
        this.store = store;
        this.config = config;
        this.scheduler = scheduler;
        this.dbExecutor = dbExecutor;
        this.upkeepExecutor = upkeepExecutor;
        this.nanoTime = nanoTime;
        this.observer = observer == null ? JobObserver.NONE : observer;
        this.tasks = new JobEngineTasks(this);
    }

    /** Starts the watchdog, checkpoints, heartbeats, the stale-job sweeper and the clean-up. */
    public void startBackgroundTasks() {
        tasks.start();
    }

    /**
     * Writes the job's rows in one transaction and calls the provider: after the commit, or while
     * the rows are written when the request asks for it ({@link StartRequest#callProviderEarly()}).
     * Either way the returned job is in the database before anyone can read it.
     *
     * @return the running job, or a failed future with {@link EngineUnavailableException} when draining
     */
    public CompletableFuture<LiveJob> start(StartRequest request) {
        if (!accepting) {
            return CompletableFuture.failedFuture(new EngineUnavailableException("this instance is shutting down"));
        }
        long startNanos = nanoTime.getAsLong();
        if (!request.callProviderEarly()) {
            return writeRows(request).thenApply(job -> {
                LiveJob liveJob = newLiveJob(job, request, startNanos);
                written(liveJob, job, request);
                callProvider(liveJob, request);
                return liveJob;
            });
        }
        LiveJob liveJob = newLiveJob(beforeWrite(request), request, startNanos);
        // The request goes out first: on a task's one CPU the write's thread would otherwise delay it.
        callProvider(liveJob, request);
        CompletableFuture<Job> rows = writeRows(request);
        return rows.handle((job, notWritten) -> {
            if (notWritten != null) {
                liveJob.abandon(notWritten);
                throw notWritten instanceof CompletionException c ? c : new CompletionException(notWritten);
            }
            written(liveJob, job, request);
            return liveJob;
        });
    }

    /** The rows' write; a database executor that refuses it (its queue full) fails the write, as a passing cause. */
    private CompletableFuture<Job> writeRows(StartRequest request) {
        try {
            return CompletableFuture.supplyAsync(() -> store.start(request.job(), config.instanceId()), dbExecutor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new AiStudioException("too many database writes are waiting", true, e));
        }
    }

    private LiveJob newLiveJob(Job job, StartRequest request, long startNanos) {
        return new LiveJob(job, request.model(), new EventLog(JobHeader.of(job), nanoTime), this, startNanos);
    }

    /** The job as its rows will read; replaced by the stored row before any reader sees it. */
    private Job beforeWrite(StartRequest request) {
        return request.job().created(JobStatus.RUNNING, Instant.EPOCH, null, null, config.instanceId(), 1);
    }

    private void written(LiveJob liveJob, Job job, StartRequest request) {
        // Before stored(): the job's ending, which retire() follows, waits for its rows.
        unfinished.put(job.id(), liveJob);
        liveJob.stored(job);
        live.put(job.id(), liveJob);
        observer.jobStarted(job, request.model());
    }

    private static void callProvider(LiveJob liveJob, StartRequest request) {
        StreamHandle handle;
        try {
            handle = request.provider().stream(request.request(), liveJob);
        } catch (RuntimeException e) {
            liveJob.onEvent(new org.aistudio.core.provider.ChatEvent.Failed(new ProviderException(
                    request.model().provider(), ErrorKind.UNKNOWN, 0, null, "the provider could not start", e)));
            return;
        }
        liveJob.attach(handle);
    }

    /** The assistant message id of a job: the same on every instance. */
    public static String messageId(UUID jobId) {
        return "msg-" + jobId;
    }

    /** A job running (or just ended) on this instance. */
    public Optional<LiveJob> live(UUID jobId) {
        return Optional.ofNullable(live.get(jobId));
    }

    /** Jobs running on this instance now. */
    public int runningCount() {
        int n = 0;
        for (LiveJob j : unfinished.values()) {
            if (!j.ended()) {
                n++;
            }
        }
        return n;
    }

    /** Running jobs of this instance. */
    public List<LiveJob> running() {
        return unfinished.values().stream().filter(j -> !j.ended()).toList();
    }

    /**
     * Cancels a job of this user wherever it runs. On its own instance the upstream request is
     * aborted at once; a job owned by another instance is ended in the database, and its owner
     * stops generating at its next checkpoint.
     */
    public CompletableFuture<CancelResult> cancel(UUID jobId, long userId) {
        LiveJob local = live.get(jobId);
        if (local != null && local.job().userId() == userId) {
            if (local.ended()) {
                return CompletableFuture.completedFuture(CancelResult.ALREADY_ENDED);
            }
            local.cancel();
            return CompletableFuture.completedFuture(CancelResult.CANCELLING);
        }
        return CompletableFuture.supplyAsync(() -> {
            Optional<Job> stored = store.findForUser(jobId, userId);
            if (stored.isEmpty()) {
                return CancelResult.NOT_FOUND;
            }
            Job job = stored.get();
            if (job.status().terminal()) {
                return CancelResult.ALREADY_ENDED;
            }
            JobOutcome outcome = new JobOutcome(JobStatus.CANCELLED, job.partialContent(), "", null, null, null,
                    null, job.progressInfo(), messageId(jobId));
            return store.finish(jobId, outcome) ? CancelResult.CANCELLING : CancelResult.ALREADY_ENDED;
        }, dbExecutor);
    }

    /**
     * The frames of a job for one client, from the start or after {@code afterSequence}: replayed
     * from memory on the owning instance, from the database for an ended job, and tailed from the
     * database checkpoints when another instance runs it.
     */
    public Flow.Publisher<String> publisher(Job job, Supplier<StreamEncoder> encoder, long afterSequence) {
        LiveJob local = live.get(job.id());
        if (local != null) {
            return local.log().publisher(encoder, afterSequence, config.maxReaderLag());
        }
        EventLog mirror = new EventLog(JobHeader.of(job), nanoTime);
        if (job.status().terminal()) {
            mirror.appendStoredText(job.partialContent());
            mirror.append(StoredEnding.of(job));
        } else {
            tasks.tail(mirror, job);
        }
        return mirror.publisher(encoder, afterSequence, config.maxReaderLag());
    }

    void persistEnding(LiveJob job, JobStatus status, FinishReason reason, ProviderException error) {
        String errorMessage = error == null ? null : SANITIZER.sanitizeText(error.getMessage());
        JobOutcome outcome = new JobOutcome(status, job.content(), job.reasoningText(), job.usage(), reason,
                errorMessage, job.model().cost(job.usage()), job.progressInfo(), messageId(job.id()));
        long now = nanoTime.getAsLong();
        // A job whose provider ended before its rows were committed is written after them; one
        // whose rows were never written has nothing to end.
        CompletableFuture<Void> ending = job.rowsWritten().thenRunAsync(() -> {
            observer.jobEnded(job.job(), job.model(), status, job.elapsed(now), job.usage(),
                    error == null ? null : error.kind().code());
            boolean won = finishWithRetry(job.id(), outcome);
            if (won) {
                job.log().append(new JobEvent.Ended(status, reason, outcome.usage(), outcome.cost(),
                        error == null ? null : error.kind().code(), errorMessage));
            } else {
                appendStoredEnding(job);
            }
        }, dbExecutor).exceptionally(e -> {
            if (job.rowsWritten().isCompletedExceptionally()) {
                return null;
            }
            // The row stays running; the sweeper fails it after staleAfter. The client learns now.
            job.log().append(new JobEvent.Ended(JobStatus.FAILED, null, outcome.usage(), outcome.cost(),
                    "storage_unavailable", "the answer could not be saved"));
            observer.backgroundFailure("finish", asRuntime(e));
            return null;
        }).whenComplete((v, e) -> retire(job));
        endings.put(job.id(), ending);
    }

    private boolean finishWithRetry(UUID id, JobOutcome outcome) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.finish(id, outcome);
            } catch (AiStudioException e) {
                if (!e.retriable() || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    void adoptStoredEnding(LiveJob job) {
        CompletableFuture<Void> ending = CompletableFuture.runAsync(() -> appendStoredEnding(job), dbExecutor)
                .whenComplete((v, e) -> retire(job));
        endings.put(job.id(), ending);
    }

    private void appendStoredEnding(LiveJob job) {
        Job stored = store.find(job.id()).orElse(null);
        if (stored == null || !stored.status().terminal()) {
            job.log().append(new JobEvent.Ended(JobStatus.FAILED, null, null, null, "lost", "the job was lost"));
            return;
        }
        job.log().appendStoredText(stored.partialContent());
        job.log().append(StoredEnding.of(stored));
    }

    private void retire(LiveJob job) {
        endings.remove(job.id());
        unfinished.remove(job.id(), job);
        if (config.finishedRetention().toNanos() <= 0) {
            live.remove(job.id());
        } else {
            long now = nanoTime.getAsLong();
            job.retired(now);
            retired.add(job);
            forgetRetired(now);
        }
    }

    /**
     * Lets go of the ended jobs kept for replays longer than the retention; called as jobs end and
     * by the watchdog. They were queued as they ended, and all are kept equally long, so the
     * oldest is first: one queue node per kept job instead of a scheduled task, its lambda and a
     * slot in the scheduler's queue.
     */
    void forgetRetired(long now) {
        long retention = config.finishedRetention().toNanos();
        synchronized (retired) {
            LiveJob oldest;
            while ((oldest = retired.peek()) != null && now - oldest.retiredNanos() >= retention) {
                retired.poll();
                live.remove(oldest.id(), oldest);
            }
        }
    }

    /** The id this instance records as the owner of the jobs it runs. */
    public String instanceId() {
        return config.instanceId();
    }

    /** Whether new jobs are accepted (false once draining started). */
    public boolean accepting() {
        return accepting;
    }

    /**
     * Stops accepting jobs, lets running ones finish for up to {@code period}, then ends what is
     * still running as failed ({@link #SHUTDOWN}) with its partial content saved, and waits for
     * those endings to be written.
     *
     * @return how many jobs had to be interrupted
     */
    public int drain(Duration period) {
        accepting = false;
        long deadline = nanoTime.getAsLong() + period.toNanos();
        while (runningCount() > 0 && nanoTime.getAsLong() < deadline) {
            awaitAnyEnding(Math.min(100, Math.max(1, (deadline - nanoTime.getAsLong()) / 1_000_000)));
        }
        List<LiveJob> left = running();
        for (LiveJob job : left) {
            job.interrupt(SHUTDOWN);
        }
        CompletableFuture.allOf(endings.values().toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        return left.size();
    }

    private void awaitAnyEnding(long millis) {
        Collection<CompletableFuture<Void>> pending = endings.values();
        CompletableFuture<?> any = pending.isEmpty() ? new CompletableFuture<>()
                : CompletableFuture.anyOf(pending.toArray(CompletableFuture[]::new));
        any.completeOnTimeout(null, millis, TimeUnit.MILLISECONDS).join();
    }

    @Override
    public void close() {
        tasks.stop();
    }

    JobStore store() {
        return store;
    }

    JobEngineConfig config() {
        return config;
    }

    JobObserver observer() {
        return observer;
    }

    Executor dbExecutor() {
        return dbExecutor;
    }

    Executor upkeepExecutor() {
        return upkeepExecutor;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    long nanoTime() {
        return nanoTime.getAsLong();
    }

    void registerMirror(EventLog mirror) {
        mirrors.add(mirror);
    }

    java.util.Set<EventLog> mirrors() {
        return mirrors;
    }

    /**
     * Jobs of this instance whose ending is not yet in their log. Ended jobs kept for resume are
     * not walked: at a hundred answers a second they outnumber running ones by a hundred to one.
     */
    Collection<LiveJob> unfinishedJobs() {
        return unfinished.values();
    }

    ScheduledFuture<?> every(Duration interval, Task task) {
        return scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                observer.backgroundFailure(task.name(), e);
            }
        }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static RuntimeException asRuntime(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof RuntimeException r ? r : new RuntimeException(cause);
    }

    /** New jobs are refused because the instance is draining. */
    public static final class EngineUnavailableException extends AiStudioException {
        public EngineUnavailableException(String message) {
            super(message, true);
        }
    }
}
