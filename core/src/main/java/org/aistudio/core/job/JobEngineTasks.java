package org.aistudio.core.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine's periodic work: watchdog and keep-alives, batched checkpoints and heartbeats, the
 * stale-job sweeper, the retention clean-up, and tailing jobs owned by other instances. A failed
 * run is reported to the observer and never stops its task.
 */
final class JobEngineTasks {

    /** A named periodic task. */
    interface Task {
        String name();

        void run();

        static Task of(String name, Runnable body) {
            return new Task() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void run() {
                    body.run();
                }
            };
        }
    }

    private final JobEngine engine;
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private final AtomicBoolean checkpointInFlight = new AtomicBoolean();
    private final AtomicBoolean sweepInFlight = new AtomicBoolean();

    JobEngineTasks(JobEngine engine) {
        this.engine = engine;
    }

    void start() {
        JobEngineConfig c = engine.config();
        scheduled.add(engine.every(c.watchdogInterval(), Task.of("watchdog", this::watchdog)));
        scheduled.add(engine.every(c.checkpointInterval(), Task.of("checkpoint", this::checkpoint)));
        Duration sweep = c.staleAfter().dividedBy(4);
        scheduled.add(engine.every(sweep.isZero() ? c.staleAfter() : sweep, Task.of("sweeper", this::sweep)));
        scheduled.add(engine.every(c.cleanupInterval(), Task.of("cleanup", this::cleanup)));
    }

    void stop() {
        scheduled.forEach(f -> f.cancel(false));
        scheduled.clear();
    }

    private void watchdog() {
        long now = engine.nanoTime();
        long keepAlive = engine.config().keepAlive().toNanos();
        for (LiveJob job : engine.unfinishedJobs()) {
            job.watch(now);
            job.log().keepAlive(now, keepAlive);
        }
        for (EventLog mirror : engine.mirrors()) {
            if (mirror.ended() || mirror.abandoned()) {
                engine.mirrors().remove(mirror);
            } else {
                mirror.keepAlive(now, keepAlive);
            }
        }
        engine.forgetRetired(now);
    }

    /** One batch of checkpoints and one of heartbeats for all running jobs, never two in flight. */
    private void checkpoint() {
        if (!checkpointInFlight.compareAndSet(false, true)) {
            return;
        }
        long now = engine.nanoTime();
        long heartbeatNanos = engine.config().heartbeatInterval().toNanos();
        List<Checkpoint> checkpoints = new ArrayList<>();
        List<UUID> heartbeats = new ArrayList<>();
        for (LiveJob job : engine.unfinishedJobs()) {
            Checkpoint cp = job.takeCheckpoint(now);
            if (cp != null) {
                checkpoints.add(cp);
            } else if (job.heartbeatDue(now, heartbeatNanos)) {
                job.heartbeatSent(now);
                heartbeats.add(job.id());
            }
        }
        if (checkpoints.isEmpty() && heartbeats.isEmpty()) {
            checkpointInFlight.set(false);
            return;
        }
        // Ahead of the requests waiting for the database: a burst of them must not delay the
        // heartbeats until other instances' sweepers take these jobs for lost.
        CompletableFuture.runAsync(() -> {
            List<UUID> lost = new ArrayList<>(engine.store().checkpoint(checkpoints));
            lost.addAll(engine.store().heartbeat(heartbeats));
            for (UUID id : lost) {
                engine.live(id).ifPresent(LiveJob::lost);
            }
            engine.observer().heartbeatsWritten(Duration.ofNanos(engine.nanoTime() - now));
        }, engine.upkeepExecutor()).whenComplete((v, e) -> {
            checkpointInFlight.set(false);
            if (e != null) {
                engine.observer().backgroundFailure("checkpoint", new RuntimeException(e));
            }
        });
    }

    private void sweep() {
        if (!sweepInFlight.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            // This instance's own jobs are alive whatever their heartbeats say: those are for the
            // others. Taken when the sweep runs, however long it waited for a thread.
            List<UUID> alive = engine.unfinishedJobs().stream().map(LiveJob::id).toList();
            List<UUID> failed = engine.store().failStale(engine.config().staleAfter(), JobEngine.INSTANCE_LOST, 100,
                    alive);
            if (!failed.isEmpty()) {
                engine.observer().staleJobsFailed(failed.size());
            }
        }, engine.dbExecutor()).whenComplete((v, e) -> {
            sweepInFlight.set(false);
            if (e != null) {
                engine.observer().backgroundFailure("sweeper", new RuntimeException(e));
            }
        });
    }

    private void cleanup() {
        CompletableFuture.runAsync(() -> {
            int rows = engine.store().cleanup();
            if (rows >= 0) {
                engine.observer().cleanedUp(rows);
            }
        }, engine.dbExecutor()).whenComplete((v, e) -> {
            if (e != null) {
                engine.observer().backgroundFailure("cleanup", new RuntimeException(e));
            }
        });
    }

    /** Feeds a mirror log from the database checkpoints of a job another instance runs. */
    void tail(EventLog mirror, Job job) {
        mirror.appendStoredText(job.partialContent());
        long interval = engine.config().tailPollInterval().toNanos();
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> CompletableFuture.runAsync(() -> {
            if (mirror.abandoned()) {
                return;
            }
            Job now = engine.store().find(job.id()).orElse(null);
            if (now == null) {
                mirror.append(new JobEvent.Ended(JobStatus.FAILED, null, null, null, "lost", "the job was removed"));
                return;
            }
            mirror.appendStoredText(now.partialContent());
            if (now.status().terminal()) {
                mirror.append(StoredEnding.of(now));
            } else {
                engine.scheduler().schedule(poll[0], interval, TimeUnit.NANOSECONDS);
            }
        }, engine.dbExecutor());
        engine.scheduler().schedule(poll[0], interval, TimeUnit.NANOSECONDS);
        engine.registerMirror(mirror);
    }
}
