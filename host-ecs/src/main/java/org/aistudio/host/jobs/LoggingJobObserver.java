package org.aistudio.host.jobs;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import org.aistudio.core.job.JobObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs what the engine's background tasks report; the metrics observer replaces it when present. */
@Singleton
@Secondary
public class LoggingJobObserver implements JobObserver {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingJobObserver.class);

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
