package org.aistudio.core.provider.openai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.http.StreamingHttp;
import org.aistudio.core.provider.sse.SseFormatException;

/**
 * The one place where failures of the OpenAI wire (and Azure's) become {@link ProviderException}s:
 * HTTP statuses through {@link ProviderException#fromStatus}, content-filter refusals, transport
 * errors and unreadable chunks. Messages are cut short and scrubbed of anything key-like.
 */
public final class OpenAiErrorMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_*.\\-]{2,}");
    private static final int MAX_MESSAGE_LENGTH = 300;
    /** Azure's content filter, and OpenAI's refusal of a prompt flagged by its usage policy. */
    private static final Set<String> CONTENT_FILTER_CODES = Set.of("content_filter", "invalid_prompt");

    private final String provider;
    private final Clock clock;

    public OpenAiErrorMapper(String provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    public String provider() {
        return provider;
    }

    /**
     * @param thrown what the exchange or its body failed with
     * @param responded whether the response headers had arrived
     * @param answered whether text or reasoning had already been delivered
     * @param key the key used for the call, scrubbed from messages (may be null)
     */
    public ProviderException map(Throwable thrown, boolean responded, boolean answered, String key) {
        Throwable error = unwrap(thrown);
        if (error instanceof ProviderException known) {
            return known;
        }
        if (has(error, JsonProcessingException.class) || has(error, SseFormatException.class)) {
            return malformed(error);
        }
        if (has(error, IOException.class)) {
            if (!responded) {
                return failure(ErrorKind.NETWORK, "could not be reached: " + describe(error, key), error);
            }
            return answered
                    ? failure(ErrorKind.INCOMPLETE, "closed the stream mid-answer: " + describe(error, key), error)
                    : failure(ErrorKind.NETWORK, "closed the connection before answering: " + describe(error, key), error);
        }
        return failure(ErrorKind.UNKNOWN, "failed: " + describe(error, key), error);
    }

    /** An event that is not a chat completion chunk (or not an event at all). */
    public ProviderException malformed(Throwable cause) {
        return failure(ErrorKind.MALFORMED_RESPONSE, "sent a chunk that is not a chat completion chunk", cause);
    }

    /** The body stopped in the middle of a line: the server never finished the event. */
    public ProviderException truncated() {
        return new ProviderException(provider, ErrorKind.INCOMPLETE,
                provider + " ended the stream in the middle of an event");
    }

    /**
     * An HTTP error answer: the status classified by {@link ProviderException#fromStatus}, with the
     * wait and the message it gives, or a content-filter refusal.
     */
    public ProviderException fromResponse(int status, StreamingHttp.Headers headers, byte[] body, String key) {
        Duration retryAfter = RetryAfter.from(headers, clock);
        ErrorBody error = ErrorBody.parse(body == null ? "" : new String(body, StandardCharsets.UTF_8));
        String message = scrub(error.message(), key);
        if (error.code() != null && CONTENT_FILTER_CODES.contains(error.code())) {
            return new ProviderException(provider, ErrorKind.CONTENT_FILTER, status, null,
                    provider + " refused the request (content filter)" + (message.isEmpty() ? "" : ": " + message),
                    null);
        }
        return ProviderException.fromStatus(provider, status, retryAfter, message);
    }

    /** The stream ended without a finish reason: never a finish. */
    public ProviderException incomplete() {
        return new ProviderException(provider, ErrorKind.INCOMPLETE,
                provider + " ended the stream without a finish reason");
    }

    /**
     * An event with none of a chunk's fields: OpenAI's in-stream {@code {"error": {...}}}, which the
     * chunk type cannot carry. A server-side failure, retriable while nothing was answered.
     */
    public ProviderException errorEvent() {
        return new ProviderException(provider, ErrorKind.UNAVAILABLE,
                provider + " sent an error event instead of a chunk");
    }

    /** No key is configured where one is required. */
    public ProviderException missingKey(String credentialName) {
        return new ProviderException(provider, ErrorKind.AUTHENTICATION,
                provider + " has no API key: set " + credentialName);
    }

    private ProviderException failure(ErrorKind kind, String what, Throwable cause) {
        return new ProviderException(provider, kind, 0, null, provider + " " + what, cause);
    }

    private static String describe(Throwable error, String key) {
        if (error == null) {
            return "unknown cause";
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : " (" + scrub(message, key) + ")");
    }

    static String scrub(String message, String key) {
        if (message == null) {
            return "";
        }
        String text = message.strip();
        if (key != null && !key.isEmpty()) {
            text = text.replace(key, "***");
        }
        text = KEY_LIKE.matcher(text).replaceAll("sk-***");
        return text.length() > MAX_MESSAGE_LENGTH ? text.substring(0, MAX_MESSAGE_LENGTH) + "..." : text;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The parts of {@code {"error": {"message", "code", "type"}}} we use; lenient about shapes. */
    private record ErrorBody(String message, String code) {

        static ErrorBody parse(String body) {
            if (body == null || body.isBlank()) {
                return new ErrorBody("", null);
            }
            try {
                JsonNode root = JSON.readTree(body);
                JsonNode error = root.path("error");
                if (error.isTextual()) {
                    return new ErrorBody(error.asText(), null);
                }
                JsonNode node = error.isObject() ? error : root;
                String message = text(node, "message");
                String code = text(node, "code");
                return new ErrorBody(message == null ? text(root, "detail") : message,
                        code != null ? code : text(node, "type"));
            } catch (JsonProcessingException e) {
                return new ErrorBody(body, null);
            }
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
        }
    }
}
