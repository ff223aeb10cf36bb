package org.aistudio.core.provider;

import java.time.Duration;
import java.util.Optional;
import org.aistudio.core.AiStudioException;

/**
 * A typed provider failure. The message is safe to store and show: adapters never put keys or
 * request bodies into it.
 */
public class ProviderException extends AiStudioException {

    private final String provider;
    private final ErrorKind kind;
    private final int httpStatus;
    private final Duration retryAfter;

    public ProviderException(String provider, ErrorKind kind, String message) {
        this(provider, kind, 0, null, message, null);
    }

    public ProviderException(String provider, ErrorKind kind, int httpStatus, Duration retryAfter,
                             String message, Throwable cause) {
        super(message, kind.retriable(), cause);
        this.provider = provider;
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** Classifies an upstream HTTP error status: retriable for 429 and 5xx, not for the rest. */
    public static ProviderException fromStatus(String provider, int status, Duration retryAfter,
                                               String message) {
        ErrorKind kind = ErrorKind.fromHttpStatus(status);
        String text = provider + " answered HTTP " + status + (message == null || message.isBlank() ? "" : ": " + message);
        return new ProviderException(provider, kind, status, retryAfter, text, null);
    }

    public String provider() {
        return provider;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The upstream HTTP status, or 0 when the failure was not an HTTP answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The upstream's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
