package org.aistudio.host.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.Map;
import org.aistudio.core.AiStudioException;
import org.aistudio.core.NotFoundException;
import org.aistudio.core.job.JobEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
                    Map.of("Retry-After", "1")));
        }
    }

    /**
     * Any other failure of the core: a database that could not be reached in time (a pool with no
     * free connection, a failover) is 503 with {@code Retry-After}, logged as a line without a
     * trace; anything else is a 500 whose trace goes to the log only. Nothing was written: the
     * start is one transaction.
     */
    @Produces
    @Singleton
    public static class Unavailable implements ExceptionHandler<AiStudioException, HttpResponse<?>> {
        private static final Logger LOG = LoggerFactory.getLogger(Unavailable.class);
        private final ApiExceptionHandler delegate;

        public Unavailable(ApiExceptionHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, AiStudioException e) {
            if (!e.retriable()) {
                LOG.error("{} {} failed", request.getMethod(), request.getPath(), e);
                return delegate.handle(request, new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                        ErrorCodes.messageFor(HttpStatus.INTERNAL_SERVER_ERROR), Map.of()));
            }
            LOG.warn("{} {} answered 503: {}", request.getMethod(), request.getPath(), e.getMessage());
            return delegate.handle(request, new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable",
                    "The service could not reach its database in time; try again shortly.",
                    Map.of("Retry-After", "1")));
        }
    }
}
