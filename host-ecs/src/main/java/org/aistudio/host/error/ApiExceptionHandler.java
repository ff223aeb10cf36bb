package org.aistudio.host.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers an {@link ApiException} with its status, headers and the contract's error body. */
@Produces
@Singleton
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException e) {
        Object body = request.getPath().startsWith("/v1/")
                ? OpenAiError.of(e.getMessage(), ErrorCodes.openAiType(e.status()), null, e.code())
                : ApiError.of(e.code(), e.getMessage(), RequestIds.of(request));
        MutableHttpResponse<Object> response = HttpResponse.status(e.status()).body(body);
        e.headers().forEach(response::header);
        return response;
    }
}
