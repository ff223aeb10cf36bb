package org.aistudio.host.openai;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.aistudio.host.error.OpenAiError;

/** Answers an {@link OpenAiRequestException} with OpenAI's error body, {@code param} included. */
@Produces
@Singleton
public class OpenAiRequestExceptionHandler implements ExceptionHandler<OpenAiRequestException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, OpenAiRequestException e) {
        MutableHttpResponse<Object> response = HttpResponse.status(e.status())
                .body(OpenAiError.of(e.getMessage(), e.type(), e.param(), e.code()));
        e.headers().forEach(response::header);
        return response;
    }
}
