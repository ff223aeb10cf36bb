package org.aistudio.host.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.util.concurrent.Flow;
import org.aistudio.core.job.JobHeader;
import org.aistudio.core.stream.UiMessageStreamEncoder;
import org.aistudio.host.error.ApiException;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;

/** Streaming responses: the contract's headers around a job's frames, written as they come. */
final class SseResponses {

    static final String EVENT_STREAM = "text/event-stream";

    private SseResponses() {
    }

    static MutableHttpResponse<Publisher<String>> uiStream(JobHeader header, Flow.Publisher<String> frames) {
        return HttpResponse.ok(FlowAdapters.toPublisher(frames))
                .contentType(EVENT_STREAM)
                .header("cache-control", "no-cache")
                .header(UiMessageStreamEncoder.PROTOCOL_HEADER, UiMessageStreamEncoder.PROTOCOL_VERSION)
                .header("x-accel-buffering", "no")
                .header("x-job-id", header.jobId().toString())
                .header("x-conversation-id", header.conversationId());
    }

    /** The {@code Last-Event-ID} a reconnecting client sends, or 0. */
    static long lastEventId(HttpRequest<?> request) {
        return RequestValues.lastEventId(request).orElseThrow(
                () -> ApiException.badRequest("Last-Event-ID must be a non-negative integer."));
    }
}
