package org.aistudio.host.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Every error Micronaut produces itself (unknown route, wrong method, unsupported media type,
 * body too large, 401 and 403 from security) in the contract's shape, never HAL, never a stack
 * trace. The {@code /v1} routes answer in OpenAI's error shape instead.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ContractErrorResponseProcessor implements ErrorResponseProcessor<Object> {

    @Override
    public MutableHttpResponse<Object> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        String code = ErrorCodes.codeFor(status);
        String message = ErrorCodes.messageFor(status);
        String requestId = RequestIds.of(context.getRequest());
        Object body = context.getRequest().getPath().startsWith("/v1/")
                ? OpenAiError.of(message, ErrorCodes.openAiType(status), null, code)
                : ApiError.of(code, message, requestId);
        return response.body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
