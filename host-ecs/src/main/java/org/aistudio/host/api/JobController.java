package org.aistudio.host.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.aistudio.core.job.CancelResult;
import org.aistudio.core.job.Job;
import org.aistudio.core.job.JobEngine;
import org.aistudio.core.job.JobHeader;
import org.aistudio.core.job.JobStore;
import org.aistudio.core.stream.UiMessageStreamEncoder;
import org.aistudio.host.error.ApiException;
import org.aistudio.host.jobs.BlockingWork;
import org.aistudio.host.security.Caller;
import org.aistudio.host.security.Callers;
import org.reactivestreams.Publisher;

/** Jobs of the caller: read, stream (resume), cancel. Another user's job is 404. */
@Controller("/api/jobs")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class JobController {

    private final JobStore jobs;
    private final JobEngine engine;
    private final Callers callers;
    private final BlockingWork blocking;

    public JobController(JobStore jobs, JobEngine engine, Callers callers, BlockingWork blocking) {
        this.jobs = jobs;
        this.engine = engine;
        this.callers = callers;
        this.blocking = blocking;
    }

    @Get("/{id}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public JobView get(@PathVariable String id, Authentication authentication) {
        return JobView.of(find(id, callers.of(authentication)));
    }

    @Get(uri = "/{id}/stream", produces = SseResponses.EVENT_STREAM)
    public CompletableFuture<HttpResponse<Publisher<String>>> stream(@PathVariable String id, HttpRequest<?> request,
                                                                     Authentication authentication) {
        long after = SseResponses.lastEventId(request);
        return blocking.run(() -> {
            Job job = find(id, callers.of(authentication));
            return SseResponses.uiStream(JobHeader.of(job), engine.publisher(job, UiMessageStreamEncoder::new, after));
        });
    }

    @Delete("/{id}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> cancel(@PathVariable String id, Authentication authentication) {
        Caller caller = callers.of(authentication);
        UUID jobId = parse(id);
        CancelResult result = engine.cancel(jobId, caller.userId()).join();
        return switch (result) {
            case CANCELLING -> HttpResponse.status(HttpStatus.ACCEPTED)
                    .body(Map.of("id", jobId.toString(), "status", "cancelling"));
            case ALREADY_ENDED -> throw new ApiException(HttpStatus.CONFLICT, "job_already_ended",
                    "The job has already ended; there is nothing to cancel.");
            case NOT_FOUND -> throw notFound();
        };
    }

    private Job find(String id, Caller caller) {
        return jobs.findForUser(parse(id), caller.userId()).orElseThrow(JobController::notFound);
    }

    /** Ids are checked before they reach SQL: anything but a UUID is simply not found. */
    static UUID parse(String id) {
        return RequestValues.jobId(id).orElseThrow(JobController::notFound);
    }

    private static ApiException notFound() {
        return ApiException.notFound("job_not_found", "There is no such job.");
    }
}
