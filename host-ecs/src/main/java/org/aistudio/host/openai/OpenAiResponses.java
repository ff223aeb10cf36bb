package org.aistudio.host.openai;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.aistudio.core.job.JobEvent;
import org.aistudio.core.job.JobHeader;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.stream.OpenAiCompletionAggregator;
import org.aistudio.core.stream.OpenAiWire;
import org.aistudio.host.api.RequestValues;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;

/** The {@code /v1} responses around a job: the chunk stream's headers, and the whole answer's status. */
final class OpenAiResponses {

    static final String EVENT_STREAM = "text/event-stream";
    /** OpenAI's clients obey it over their own retry rules (a retry starts a new job). */
    static final String SHOULD_RETRY = "x-should-retry";

    private OpenAiResponses() {
    }

    static MutableHttpResponse<Publisher<String>> stream(JobHeader header, Flow.Publisher<String> frames) {
        return HttpResponse.ok(FlowAdapters.toPublisher(frames))
                .contentType(EVENT_STREAM)
                .header("cache-control", "no-cache")
                .header("x-accel-buffering", "no")
                .header("x-job-id", header.jobId().toString())
                .header("x-conversation-id", header.conversationId());
    }

    /** Completes when the publisher ends; its items (the aggregator's single body frame, keep-alives) are not needed. */
    static CompletableFuture<Void> drain(Flow.Publisher<String> frames) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        frames.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String item) {
                // the aggregator keeps the body
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        return done;
    }

    /** The {@code chat.completion}, or OpenAI's error body with a status that says whose fault it was. */
    static MutableHttpResponse<String> completion(JobHeader header, OpenAiCompletionAggregator aggregator) {
        JobEvent.Ended ended = aggregator.ended();
        MutableHttpResponse<String> response = ended.status() == JobStatus.COMPLETED
                ? HttpResponse.ok(aggregator.body())
                : HttpResponse.<String>status(status(ended)).body(aggregator.body())
                        .header(SHOULD_RETRY, Boolean.toString(retriable(ended)));
        return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("x-job-id", header.jobId().toString())
                .header("x-conversation-id", header.conversationId());
    }

    private static final Map<String, HttpStatus> STATUS_BY_CODE = Map.of(
            "rate_limited", HttpStatus.TOO_MANY_REQUESTS,
            "timeout", HttpStatus.GATEWAY_TIMEOUT,
            "bad_request", HttpStatus.BAD_REQUEST,
            "content_filter", HttpStatus.BAD_REQUEST,
            "interrupted", HttpStatus.SERVICE_UNAVAILABLE,
            "storage_unavailable", HttpStatus.SERVICE_UNAVAILABLE,
            OpenAiWire.CANCELLED, HttpStatus.CONFLICT);

    /** Upstream failures are 502 unless a more telling status exists. */
    static HttpStatus status(JobEvent.Ended ended) {
        return STATUS_BY_CODE.getOrDefault(OpenAiWire.errorCode(ended), HttpStatus.BAD_GATEWAY);
    }

    /** Worth a new attempt: the upstream was busy or away, or this instance stopped. */
    static boolean retriable(JobEvent.Ended ended) {
        return switch (OpenAiWire.errorCode(ended)) {
            case "rate_limited", "provider_unavailable", "network_error", "interrupted", "storage_unavailable" -> true;
            default -> false;
        };
    }

    /** The {@code Last-Event-ID} a reconnecting client sends, or 0. */
    static long lastEventId(HttpRequest<?> request) {
        return RequestValues.lastEventId(request).orElseThrow(() -> OpenAiRequestException.invalid("Last-Event-ID",
                "invalid_value", "Last-Event-ID must be a non-negative integer."));
    }
}
