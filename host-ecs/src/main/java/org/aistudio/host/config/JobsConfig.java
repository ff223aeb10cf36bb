package org.aistudio.host.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Job engine tuning ({@code aistudio.jobs.*}, e.g. {@code AISTUDIO_JOBS_STALE_AFTER}).
 *
 * @param staleAfter heartbeat age at which a running job is failed by any instance's sweeper
 * @param checkpointInterval how often partial content is written, in one batch for all jobs
 * @param heartbeatInterval how often a job with nothing new refreshes its heartbeat
 * @param cleanupInterval how often the retention clean-up runs (one instance at a time)
 * @param tailPollInterval how often a non-owning instance polls a job it resumes
 * @param maxReaderLag events a client may fall behind before its stream is ended
 * @param callProviderEarly call the provider while a job's rows are written, for users whose last
 *     admission left room in their rate limits (the write's latency leaves the first token's path;
 *     a start refused after all costs one aborted upstream request)
 * @param admitOnEventLoop admit a caller this instance knows on the event loop that read its
 *     request, when nothing has to be read first (off: every chat is admitted on the I/O pool)
 */
@ConfigurationProperties("aistudio.jobs")
public record JobsConfig(
        @Bindable(defaultValue = "60s") @NotNull Duration staleAfter,
        @Bindable(defaultValue = "250ms") @NotNull Duration checkpointInterval,
        @Bindable(defaultValue = "10s") @NotNull Duration heartbeatInterval,
        @Bindable(defaultValue = "10m") @NotNull Duration cleanupInterval,
        @Bindable(defaultValue = "500ms") @NotNull Duration tailPollInterval,
        @Bindable(defaultValue = "10000") int maxReaderLag,
        @Bindable(defaultValue = "true") boolean callProviderEarly,
        @Bindable(defaultValue = "true") boolean admitOnEventLoop) {
}
