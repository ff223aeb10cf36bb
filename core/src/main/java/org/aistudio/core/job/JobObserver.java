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

    default void cleanedUp(int rows) {
    }

    /** A background task failed; it will run again at its next tick. */
    default void backgroundFailure(String task, RuntimeException error) {
    }
}
