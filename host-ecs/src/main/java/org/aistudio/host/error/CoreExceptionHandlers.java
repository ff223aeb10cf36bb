package org.aistudio.host.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.aistudio.core.NotFoundException;
import org.aistudio.core.job.JobEngine;

/** Maps the core's exceptions to the contract's errors. */
public final class CoreExceptionHandlers {

    private CoreExceptionHandlers() {
    }

    /** Not found, or someone else's: 404 either way. */
    @Produces
    @Singleton
    public static class NotFound implements ExceptionHandler<NotFoundException, HttpResponse<?>> {
        private final ApiExceptionHandler delegate;

        public NotFound(ApiExceptionHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, NotFoundException e) {
            return delegate.handle(request, ApiException.notFound(e.kind() + "_not_found", e.getMessage()));
        }
    }

    /** Draining: new chats get 503 so the load balancer's client retries elsewhere. */
    @Produces
    @Singleton
    public static class Draining implements ExceptionHandler<JobEngine.EngineUnavailableException, HttpResponse<?>> {
        private final ApiExceptionHandler delegate;

        public Draining(ApiExceptionHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, JobEngine.EngineUnavailableException e) {
            return delegate.handle(request, new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "shutting_down",
                    "This instance is shutting down; retry and another one will answer.",
                    java.util.Map.of("Retry-After", "1")));
        }
    }
}
