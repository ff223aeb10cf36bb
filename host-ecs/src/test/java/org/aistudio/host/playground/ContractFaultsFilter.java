package org.aistudio.host.playground;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.aistudio.host.error.ApiError;
import org.aistudio.host.error.RequestIds;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Test-only faults on the chat routes, so the page meets what the network and the contract can
 * do to it: a chat refused with 429 and {@code Retry-After} exactly as the contract refuses it
 * (whatever limits the host runs with), and a stream whose connection is cut after some frames
 * (as a proxy or a flaky network would). It also records the {@code Last-Event-ID} of resumes.
 */
@ServerFilter({"/api/chat", "/api/chat/**"})
@Requires(property = "spec.name", value = "PlaygroundBrowserTest")
public class ContractFaultsFilter {

    static final int RETRY_AFTER_SECONDS = 42;

    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger cutAfter = new AtomicInteger();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();

    /** Refuses the next chat. */
    void refuseNextChat() {
        refusals.set(1);
    }

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
    @Nullable
    HttpResponse<?> refuse(HttpRequest<?> request) {
        if (request.getMethod() == HttpMethod.GET && request.getPath().endsWith("/stream")) {
            String id = request.getHeaders().get("Last-Event-ID");
            lastEventIds.add(id == null ? "" : id);
        }
        if (request.getMethod() != HttpMethod.POST || refusals.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
            return null;
        }
        return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                .body(ApiError.of("rate_limited", "Too many chats started in the last minute.", RequestIds.of(request)));
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
