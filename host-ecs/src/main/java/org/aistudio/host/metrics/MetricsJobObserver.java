package org.aistudio.host.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.job.Job;
import org.aistudio.core.job.JobObserver;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.provider.Usage;
import org.aistudio.host.jobs.LoggingJobObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's observer when metrics are on: counts and times every job by provider and model,
 * and logs through {@link LoggingJobObserver} (job endings, sweeps, clean-ups, background
 * failures). Both halves are guarded: an observer that throws would hurt the engine's threads.
 */
@Singleton
@Requires(beans = MeterRegistry.class)
public class MetricsJobObserver implements JobObserver {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsJobObserver.class);

    private final StreamingMetrics metrics;
    private final JobObserver logging;

    public MetricsJobObserver(StreamingMetrics metrics) {
        this.metrics = metrics;
        this.logging = new LoggingJobObserver();
    }

    @Override
    public void jobStarted(ModelInfo model) {
        guard(() -> metrics.jobCreated(model.provider(), model.key()));
    }

    @Override
    public void firstToken(ModelInfo model, Duration timeToFirstToken) {
        guard(() -> metrics.firstToken(model.provider(), model.key(), timeToFirstToken));
    }

    @Override
    public void jobEnded(Job job, ModelInfo model, JobStatus status, Duration duration, Usage usage,
                         String errorCode) {
        guard(() -> metrics.jobEnded(model.provider(), model.key(), status, duration, usage, errorCode));
        guard(() -> logging.jobEnded(job, model, status, duration, usage, errorCode));
    }

    @Override
    public void jobEnded(ModelInfo model, JobStatus status, Duration duration, Usage usage, String errorCode) {
        guard(() -> metrics.jobEnded(model.provider(), model.key(), status, duration, usage, errorCode));
    }

    @Override
    public void staleJobsFailed(int count) {
        guard(() -> metrics.jobsLost(count));
        guard(() -> logging.staleJobsFailed(count));
    }

    @Override
    public void heartbeatsWritten(Duration delay) {
        guard(() -> metrics.heartbeatsWritten(delay));
    }

    @Override
    public void cleanedUp(int rows) {
        guard(() -> metrics.cleanedUp(rows));
        guard(() -> logging.cleanedUp(rows));
    }

    @Override
    public void backgroundFailure(String task, RuntimeException error) {
        guard(() -> metrics.backgroundFailure(task));
        guard(() -> logging.backgroundFailure(task, error));
    }

    private static void guard(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // Metrics and logs must never break a job, but a failing meter is a bug to see.
            LOG.warn("Recording a job's metrics or log line failed", e);
        }
    }
}
