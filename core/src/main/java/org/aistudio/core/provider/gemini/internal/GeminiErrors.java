package org.aistudio.core.provider.gemini.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.sse.SseFormatException;

/** The one place where Gemini failures become {@link ProviderException}s. */
public final class GeminiErrors {

    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
    private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
    private static final int MAX_MESSAGE = 500;

    private final String provider;

    public GeminiErrors(String provider) {
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }

    /** An HTTP error answer; the message comes from Google's error body when it has one. */
    public ProviderException fromResponse(int status, HttpHeaders headers, byte[] body) {
        GeminiWire.Status error = parse(body);
        Duration retryAfter = retryAfterHeader(headers.firstValue("retry-after").orElse(null));
        if (retryAfter == null && error != null) {
            retryAfter = retryInfo(error);
        }
        return fromStatus(status, retryAfter, error);
    }

    /** An error object that arrived inside the event stream after a 200. */
    public ProviderException fromStreamError(GeminiWire.Status error) {
        int status = error.code() == null ? 500 : error.code();
        return fromStatus(status, retryInfo(error), error);
    }

    /** A prompt that Gemini refused before generating anything. */
    public ProviderException promptBlocked(GeminiWire.PromptFeedback feedback) {
        String detail = feedback.blockReasonMessage() == null ? "" : ": " + feedback.blockReasonMessage();
        return new ProviderException(provider, ErrorKind.CONTENT_FILTER,
                "Gemini blocked the prompt (" + feedback.blockReason() + ")" + detail);
    }

    /** A chunk that is not Gemini's JSON. */
    public ProviderException malformed(Throwable cause) {
        return new ProviderException(provider, ErrorKind.MALFORMED_RESPONSE, 0, null,
                "Gemini sent a chunk that is not a GenerateContentResponse", cause);
    }

    /** The body ended without a candidate carrying a finish reason. */
    public ProviderException incomplete() {
        return new ProviderException(provider, ErrorKind.INCOMPLETE,
                "Gemini's stream ended before it reported a finish reason");
    }

    /**
     * An exception from the HTTP exchange or the body.
     *
     * @param answered whether text or reasoning had already been delivered
     */
    public ProviderException fromThrowable(Throwable thrown, boolean answered) {
        Throwable t = unwrap(thrown);
        if (t instanceof ProviderException p) {
            return p;
        }
        if (t instanceof SseFormatException || t instanceof JsonProcessingException) {
            return malformed(t);
        }
        if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException) {
            return new ProviderException(provider, ErrorKind.NETWORK, 0, null,
                    "could not connect to Gemini: " + t.getClass().getSimpleName(), t);
        }
        if (t instanceof HttpTimeoutException) {
            return new ProviderException(provider, ErrorKind.TIMEOUT, 0, null,
                    "Gemini did not answer in time", t);
        }
        if (t instanceof IOException) {
            ErrorKind kind = answered ? ErrorKind.INCOMPLETE : ErrorKind.NETWORK;
            return new ProviderException(provider, kind, 0, null,
                    "the connection to Gemini failed" + (answered ? " mid-stream" : "") + ": " + describe(t), t);
        }
        return new ProviderException(provider, ErrorKind.UNKNOWN, 0, null,
                "Gemini call failed: " + describe(t), t);
    }

    private ProviderException fromStatus(int status, Duration retryAfter, GeminiWire.Status error) {
        String message = error == null ? null : truncate(error.message());
        if (status == 400 && error != null && "API_KEY_INVALID".equals(reason(error))) {
            // Google answers a wrong key with 400; callers must not see it as a bad prompt.
            return new ProviderException(provider, ErrorKind.AUTHENTICATION, status, null,
                    provider + " answered HTTP 400: " + message, null);
        }
        return ProviderException.fromStatus(provider, status, retryAfter, message);
    }

    private static GeminiWire.Status parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            GeminiWire.ErrorBody parsed = GeminiWire.JSON.readValue(body, GeminiWire.ErrorBody.class);
            if (parsed.error() != null) {
                return parsed.error();
            }
        } catch (IOException | RuntimeException e) {
            // Not Google's JSON (a proxy's page, for instance): keep a short plain-text excerpt.
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? null : new GeminiWire.Status(null, text, null, null);
    }

    private static String reason(GeminiWire.Status error) {
        if (error.details() != null) {
            for (JsonNode detail : error.details()) {
                if (ERROR_INFO.equals(detail.path("@type").asText())) {
                    return detail.path("reason").asText(null);
                }
            }
        }
        return null;
    }

    /** {@code RetryInfo.retryDelay} is a protobuf duration in JSON: {@code "30s"}, {@code "0.5s"}. */
    static Duration retryInfo(GeminiWire.Status error) {
        if (error.details() == null) {
            return null;
        }
        for (JsonNode detail : error.details()) {
            if (RETRY_INFO.equals(detail.path("@type").asText())) {
                String delay = detail.path("retryDelay").asText("");
                if (delay.endsWith("s")) {
                    try {
                        double seconds = Double.parseDouble(delay.substring(0, delay.length() - 1));
                        return seconds >= 0 ? Duration.ofMillis(Math.round(seconds * 1000)) : null;
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** Only the delta-seconds form; Google does not send HTTP dates here. */
    static Duration retryAfterHeader(String value) {
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : " (" + truncate(message) + ")");
    }

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }
}
