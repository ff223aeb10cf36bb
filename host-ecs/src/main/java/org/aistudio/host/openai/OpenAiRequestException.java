package org.aistudio.host.openai;

import io.micronaut.http.HttpStatus;
import java.util.Map;
import org.aistudio.host.error.ApiException;

/**
 * A {@code /v1} request the host refuses, with OpenAI's error {@code type} and the {@code param}
 * that was wrong, so that OpenAI's clients can tell the caller which field to fix.
 */
public class OpenAiRequestException extends ApiException {

    /** OpenAI's type of every validation error. */
    public static final String INVALID_REQUEST = "invalid_request_error";

    private final String type;
    private final String param;

    public OpenAiRequestException(HttpStatus status, String type, String param, String code, String message,
                                  Map<String, String> headers) {
        super(status, code, message, headers);
        this.type = type;
        this.param = param;
    }

    /** 400 {@code invalid_request_error}: OpenAI answers 400 to every invalid field. */
    public static OpenAiRequestException invalid(String param, String code, String message) {
        return new OpenAiRequestException(HttpStatus.BAD_REQUEST, INVALID_REQUEST, param, code, message, Map.of());
    }

    /** 422: valid OpenAI, but something this server does not support (images, tools). */
    public static OpenAiRequestException unsupported(String param, String message) {
        return new OpenAiRequestException(HttpStatus.UNPROCESSABLE_ENTITY, INVALID_REQUEST, param,
                "unsupported_content", message, Map.of());
    }

    /** The same refusal, now naming the field it is about. */
    public static OpenAiRequestException about(String param, ApiException e) {
        return new OpenAiRequestException(e.status(), INVALID_REQUEST, param, e.code(), e.getMessage(), e.headers());
    }

    public String type() {
        return type;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }
}
