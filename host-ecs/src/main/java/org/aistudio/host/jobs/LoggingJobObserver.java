package org.aistudio.host.jobs;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.job.Job;
import org.aistudio.core.job.JobObserver;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.provider.Usage;
import org.aistudio.host.logging.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what the engine reports: one line per job ending (with the job's ids and its duration in
 * the log context) and the background tasks' results. The metrics observer replaces it when
 * metrics are on, and logs through it.
 */
@Singleton
@Secondary
public class LoggingJobObserver implements JobObserver {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingJobObserver.class);

    @Override
    public void jobEnded(Job job, ModelInfo model, JobStatus status, Duration duration, Usage usage,
                         String errorCode) {
        try (LogContext.Scope ignored = LogContext.with(LogContext.JOB_ID, job.id(), LogContext.USER_ID, job.userId(),
                LogContext.PROVIDER, model.provider(), LogContext.MODEL_ID, model.key(),
                LogContext.DURATION, duration.toMillis())) {
            Usage u = usage == null ? Usage.ZERO : usage;
            if (status == JobStatus.FAILED) {
                LOG.warn("Job ended failed ({}) after {} ms", errorCode == null ? "unknown" : errorCode,
                        duration.toMillis());
            } else {
                LOG.info("Job ended {} after {} ms; tokens in {}, out {}", status.wireName(), duration.toMillis(),
                        u.inputTokens(), u.outputTokens());
            }
        }
    }

    @Override
    public void staleJobsFailed(int count) {
        LOG.warn("Failed {} job(s) whose instance stopped sending heartbeats", count);
    }

    @Override
    public void cleanedUp(int rows) {
        LOG.info("Retention clean-up removed {} job row(s)", rows);
    }

    @Override
    public void backgroundFailure(String task, RuntimeException error) {
        LOG.warn("Background task {} failed and will run again: {}", task, error.getClass().getSimpleName());
    }
}
