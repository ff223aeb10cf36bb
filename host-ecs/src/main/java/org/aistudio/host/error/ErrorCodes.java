package org.aistudio.host.error;

import io.micronaut.http.HttpStatus;

/** Codes and sentences for the statuses the host answers without a more specific reason. */
public final class ErrorCodes {

    private ErrorCodes() {
    }

    public static String codeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad_request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case CONFLICT -> "conflict";
            case REQUEST_ENTITY_TOO_LARGE -> "payload_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case UNPROCESSABLE_ENTITY -> "invalid_request";
            case TOO_MANY_REQUESTS -> "rate_limited";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> status.getCode() >= 500 ? "internal_error" : "error";
        };
    }

    public static String messageFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "The request could not be read.";
            case UNAUTHORIZED -> "A valid bearer token is required.";
            case FORBIDDEN -> "You are not allowed to do this.";
            case NOT_FOUND -> "Nothing was found here.";
            case METHOD_NOT_ALLOWED -> "This method is not allowed here.";
            case REQUEST_ENTITY_TOO_LARGE -> "The request body is too large.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            case TOO_MANY_REQUESTS -> "Too many requests; wait and try again.";
            case SERVICE_UNAVAILABLE -> "The service is not ready; try again shortly.";
            default -> status.getCode() >= 500 ? "Something went wrong on our side." : status.getReason();
        };
    }

    /** OpenAI's error {@code type} for a status (OpenAI reports an unknown model or id as an invalid request). */
    public static String openAiType(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "authentication_error";
            case FORBIDDEN -> "permission_error";
            case TOO_MANY_REQUESTS -> "rate_limit_error";
            default -> status.getCode() >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
