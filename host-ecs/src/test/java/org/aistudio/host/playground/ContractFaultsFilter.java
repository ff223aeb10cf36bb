package org.aistudio.host.playground;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Test-only fault on the chat routes: a stream whose connection is cut after some frames, as a
 * proxy or a flaky network would cut it. It also records the {@code Last-Event-ID} of resumes,
 * so a test sees where the page asked to pick the answer up.
 */
@ServerFilter({"/api/chat", "/api/chat/**"})
@Requires(property = "spec.name", value = "PlaygroundBrowserTest")
public class ContractFaultsFilter {

    private final AtomicInteger cutAfter = new AtomicInteger();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();

    /** Cuts the connection of the next chat's stream after this many frames. */
    void cutNextChatAfter(int frames) {
        cutAfter.set(frames);
    }

    /** Forgets the resumes seen so far. */
    void forgetResumes() {
        lastEventIds.clear();
    }

    /** The {@code Last-Event-ID} headers resumes came with, in order ("" for none). */
    List<String> lastEventIds() {
        return List.copyOf(lastEventIds);
    }

    @RequestFilter
    void recordResume(HttpRequest<?> request) {
        if (request.getMethod() == HttpMethod.GET && request.getPath().endsWith("/stream")) {
            String id = request.getHeaders().get("Last-Event-ID");
            lastEventIds.add(id == null ? "" : id);
        }
    }

    @ResponseFilter
    @SuppressWarnings("unchecked")
    void cut(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request.getMethod() != HttpMethod.POST || response.status() != HttpStatus.OK) {
            return;
        }
        int frames = cutAfter.getAndSet(0);
        if (frames > 0 && response.body() instanceof Publisher<?> body) {
            // An error after the frames makes the server drop the connection without ending the body.
            ((MutableHttpResponse<Object>) response).body(Flux.from(body).take(frames)
                    .concatWith(Flux.error(new IOException("connection cut by the test"))));
        }
    }
}
