package org.aistudio.host.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import io.micronaut.management.endpoint.annotation.Selector;
import io.micronaut.management.endpoint.annotation.Write;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aistudio.core.job.JobEngine;
import org.aistudio.core.job.JobObserver;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.job.JobStore;
import org.aistudio.core.job.LiveJob;
import org.aistudio.host.error.ApiException;

/**
 * {@code GET /jobs}: job counts by status (all instances) and the answers running on this
 * instance; {@code POST /jobs/cleanup}: runs the retention clean-up now and says how many rows it
 * removed, or 409 when another instance is running it.
 */
@Endpoint(id = "jobs", defaultSensitive = true)
@ExecuteOn(TaskExecutors.BLOCKING)
public class JobsEndpoint {

    static final String CLEANUP = "cleanup";

    private final JobStore store;
    private final JobEngine engine;
    private final JobObserver observer;
    private final Clock clock;

    public JobsEndpoint(JobStore store, JobEngine engine, JobObserver observer, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.observer = observer;
        this.clock = clock;
    }

    /** One answer running here. */
    @Serdeable
    public record RunningJob(String id, String modelId, String provider, long userId, String conversationId,
                             String ownerInstance, Instant createdAt, long ageSeconds, int subscribers) {
    }

    /** What {@code GET /jobs} answers; an empty list is still written. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record JobsReport(Map<String, Long> counts, String instance, int runningHere, List<RunningJob> running) {
    }

    /** What {@code POST /jobs/cleanup} answers. */
    @Serdeable
    public record CleanupResult(int removed) {
    }

    @Read
    public JobsReport jobs() {
        Map<JobStatus, Long> counted = store.countByStatus();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JobStatus status : JobStatus.values()) {
            counts.put(status.wireName(), counted.getOrDefault(status, 0L));
        }
        Instant now = clock.instant();
        List<RunningJob> running = engine.running().stream()
                .sorted(Comparator.comparing((LiveJob j) -> j.job().createdAt()))
                .map(j -> new RunningJob(j.id().toString(), j.model().key(), j.model().provider(), j.job().userId(),
                        j.job().conversationId(), engine.instanceId(), j.job().createdAt(),
                        Math.max(0, Duration.between(j.job().createdAt(), now).toSeconds()),
                        j.log().subscriberCount()))
                .toList();
        return new JobsReport(counts, engine.instanceId(), running.size(), running);
    }

    @Write
    public HttpResponse<?> run(@Selector String operation) {
        if (!CLEANUP.equals(operation)) {
            throw ApiException.notFound("operation_not_found", "The jobs endpoint has no such operation.");
        }
        int removed = store.cleanup();
        if (removed < 0) {
            throw new ApiException(HttpStatus.CONFLICT, "cleanup_running",
                    "Another instance is running the clean-up now (it holds the lock); try again later.");
        }
        observer.cleanedUp(removed);
        return HttpResponse.ok(new CleanupResult(removed));
    }
}
