package org.aistudio.core.job;

import java.time.Duration;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.provider.Usage;

/** Hooks for metrics and logs; every method has a no-op default. Called on engine threads: keep them cheap. */
public interface JobObserver {

    JobObserver NONE = new JobObserver() {
    };

    default void jobStarted(ModelInfo model) {
    }

    /**
     * A job started on this instance; the job's ids are there for logs. By default the same as
     * {@link #jobStarted(ModelInfo)}.
     */
    default void jobStarted(Job job, ModelInfo model) {
        jobStarted(model);
    }

    default void firstToken(ModelInfo model, Duration timeToFirstToken) {
    }

    /**
     * @param errorCode the failure's code for failed jobs, else null
     */
    default void jobEnded(ModelInfo model, JobStatus status, Duration duration, Usage usage, String errorCode) {
    }

    /**
     * A job of this instance ended; the job's ids are there for logs. By default the same as
     * {@link #jobEnded(ModelInfo, JobStatus, Duration, Usage, String)}.
     */
    default void jobEnded(Job job, ModelInfo model, JobStatus status, Duration duration, Usage usage,
                          String errorCode) {
        jobEnded(model, status, duration, usage, errorCode);
    }

    default void staleJobsFailed(int count) {
    }

    /**
     * A batch of checkpoints and heartbeats was written, {@code delay} after it was made: its wait
     * for a database thread and its write. Other instances take this instance's answers for lost
     * once their heartbeats are older than the stale-job limit, so a delay growing toward it is a
     * warning.
     */
    default void heartbeatsWritten(Duration delay) {
    }

    default void cleanedUp(int rows) {
    }

    /** A background task failed; it will run again at its next tick. */
    default void backgroundFailure(String task, RuntimeException error) {
    }
}
