package org.aistudio.host.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.aistudio.core.catalog.InvalidModelException;
import org.aistudio.core.catalog.ModelConflictException;
import org.aistudio.host.error.ApiException;
import org.aistudio.host.error.ApiExceptionHandler;

/** Maps the catalogue's write errors to the contract's errors: 422 naming the field, 409 for conflicts. */
public final class CatalogExceptionHandlers {

    private CatalogExceptionHandlers() {
    }

    /** A field the rules refuse: 422, the message starts with the field's name. */
    @Produces
    @Singleton
    public static class Invalid implements ExceptionHandler<InvalidModelException, HttpResponse<?>> {
        private final ApiExceptionHandler delegate;

        public Invalid(ApiExceptionHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, InvalidModelException e) {
            return delegate.handle(request, ApiException.invalid(e.getMessage() + "."));
        }
    }

    /** A key taken, or a model other active models fall back to: 409. */
    @Produces
    @Singleton
    public static class Conflict implements ExceptionHandler<ModelConflictException, HttpResponse<?>> {
        private final ApiExceptionHandler delegate;

        public Conflict(ApiExceptionHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ModelConflictException e) {
            String code = e.reason() == ModelConflictException.Reason.EXISTS ? "model_exists" : "model_in_use";
            return delegate.handle(request, new ApiException(HttpStatus.CONFLICT, code, capitalized(e.getMessage())));
        }
    }

    private static String capitalized(String message) {
        return Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
    }
}
