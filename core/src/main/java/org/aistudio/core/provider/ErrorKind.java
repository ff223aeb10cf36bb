package org.aistudio.core.provider;

/** The typed causes of a failed stream, split into retriable and not. */
public enum ErrorKind {
    /** 429 or a throttling exception. */
    RATE_LIMITED(true, "rate_limited"),
    /** 500, 502, 503, 504 or a model that is not ready. */
    UNAVAILABLE(true, "provider_unavailable"),
    /** Connect failure or reset before any answer arrived. */
    NETWORK(true, "network_error"),
    /** No first token, no next chunk or no end in time. */
    TIMEOUT(false, "timeout"),
    /** 400 or a validation exception. */
    BAD_REQUEST(false, "bad_request"),
    /** 401: the key is wrong or was rotated. */
    AUTHENTICATION(false, "authentication_failed"),
    /** 403. */
    PERMISSION(false, "permission_denied"),
    /** 404: unknown model or deployment. */
    NOT_FOUND(false, "model_not_found"),
    /** A safety or content filter refused the prompt or the answer. */
    CONTENT_FILTER(false, "content_filter"),
    /** The upstream sent something that is not its wire format. */
    MALFORMED_RESPONSE(false, "malformed_response"),
    /** The upstream stream ended without saying it finished. */
    INCOMPLETE(false, "incomplete_stream"),
    /** This system stopped the stream: instance lost, shutdown, slow reader. */
    INTERRUPTED(false, "interrupted"),
    /** Anything not classified above. */
    UNKNOWN(false, "provider_error");

    private final boolean retriable;
    private final String code;

    ErrorKind(boolean retriable, String code) {
        this.retriable = retriable;
        this.code = code;
    }

    public boolean retriable() {
        return retriable;
    }

    /** A stable snake_case code for clients and metrics. */
    public String code() {
        return code;
    }

    /**
     * Maps an upstream HTTP status to a kind: the one place where statuses are classified.
     * Adapters call this (or {@link ProviderException#fromStatus}) and nothing else.
     */
    public static ErrorKind fromHttpStatus(int status) {
        return switch (status) {
            case 400, 422 -> BAD_REQUEST;
            case 401 -> AUTHENTICATION;
            case 403 -> PERMISSION;
            case 404 -> NOT_FOUND;
            case 408 -> TIMEOUT;
            case 429 -> RATE_LIMITED;
            case 500, 502, 503, 504, 529 -> UNAVAILABLE;
            default -> status >= 500 ? UNAVAILABLE : UNKNOWN;
        };
    }
}
