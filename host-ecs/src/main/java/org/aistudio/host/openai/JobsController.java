package org.aistudio.host.openai;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
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
import org.aistudio.core.stream.OpenAiChunkEncoder;
import org.aistudio.host.api.RequestValues;
import org.aistudio.host.jobs.BlockingWork;
import org.aistudio.host.security.Caller;
import org.aistudio.host.security.Callers;
import org.reactivestreams.Publisher;

/**
 * Resume and cancel of a completion's job by its {@code x-job-id}, in OpenAI's shapes. Another
 * user's job is not found. The job's state as JSON is {@code GET /api/jobs/{id}}.
 */
@Controller("/v1/jobs")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class JobsController {

    private final JobStore jobs;
    private final JobEngine engine;
    private final Callers callers;
    private final BlockingWork blocking;

    public JobsController(JobStore jobs, JobEngine engine, Callers callers, BlockingWork blocking) {
        this.jobs = jobs;
        this.engine = engine;
        this.callers = callers;
        this.blocking = blocking;
    }

    /**
     * The job as {@code chat.completion.chunk} SSE from the start, or after {@code Last-Event-ID};
     * {@code include_usage=true} adds the usage chunk (the chunk numbers are the same either way).
     */
    @Get(uri = "/{id}/stream", produces = OpenAiResponses.EVENT_STREAM)
    public CompletableFuture<HttpResponse<Publisher<String>>> stream(
            @PathVariable String id, @Nullable @QueryValue("include_usage") Boolean includeUsage,
            HttpRequest<?> request, Authentication authentication) {
        long after = OpenAiResponses.lastEventId(request);
        Caller caller = callers.of(authentication);
        boolean usage = Boolean.TRUE.equals(includeUsage);
        return blocking.run(() -> {
            Job job = jobs.findForUser(parse(id), caller.userId()).orElseThrow(JobsController::notFound);
            return OpenAiResponses.stream(JobHeader.of(job),
                    engine.publisher(job, () -> new OpenAiChunkEncoder(usage), after));
        });
    }

    /** Cancel: 202, and the job's stream ends with a {@code cancelled} error; 409 once it ended. */
    @Delete("/{id}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> cancel(@PathVariable String id, Authentication authentication) {
        Caller caller = callers.of(authentication);
        UUID jobId = parse(id);
        CancelResult result = engine.cancel(jobId, caller.userId()).join();
        return switch (result) {
            case CANCELLING -> HttpResponse.status(HttpStatus.ACCEPTED)
                    .body(Map.of("id", jobId.toString(), "object", "job", "status", "cancelling"));
            case ALREADY_ENDED -> throw new OpenAiRequestException(HttpStatus.CONFLICT,
                    OpenAiRequestException.INVALID_REQUEST, null, "job_already_ended",
                    "The job has already ended; there is nothing to cancel.", Map.of("x-should-retry", "false"));
            case NOT_FOUND -> throw notFound();
        };
    }

    /** Ids are checked before they reach SQL: anything but a UUID is simply not found. */
    private static UUID parse(String id) {
        return RequestValues.jobId(id).orElseThrow(JobsController::notFound);
    }

    private static OpenAiRequestException notFound() {
        return new OpenAiRequestException(HttpStatus.NOT_FOUND, OpenAiRequestException.INVALID_REQUEST, null,
                "job_not_found", "There is no such job.", Map.of());
    }
}
