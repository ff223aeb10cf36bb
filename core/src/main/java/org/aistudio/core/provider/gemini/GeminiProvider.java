package org.aistudio.core.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.regex.Pattern;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.provider.gemini.internal.GeminiErrors;
import org.aistudio.core.provider.gemini.internal.GeminiRequests;
import org.aistudio.core.provider.gemini.internal.GeminiCall;
import org.aistudio.core.provider.gemini.internal.GeminiWire;

/**
 * Streams answers from Google Gemini: {@code POST {baseUrl}/v1beta/models/{model}:streamGenerateContent?alt=sse}
 * with the key in the {@code x-goog-api-key} header.
 *
 * <p>Mapping: system messages become {@code systemInstruction}, assistant messages the
 * {@code model} role; options go to {@code generationConfig} ({@code maxOutputTokens},
 * {@code temperature}, {@code topP}, {@code stopSequences}, and {@code thinkingConfig} for a
 * reasoning effort, see {@link GeminiConfig}). Parts marked {@code thought: true} arrive as
 * reasoning deltas. Usage: {@code promptTokenCount} is input, {@code candidatesTokenCount} plus
 * {@code thoughtsTokenCount} is output, {@code thoughtsTokenCount} is reasoning. Finish reasons:
 * {@code STOP} is STOP, {@code MAX_TOKENS} is LENGTH, {@code SAFETY}, {@code RECITATION},
 * {@code BLOCKLIST}, {@code PROHIBITED_CONTENT}, {@code SPII} and {@code IMAGE_SAFETY} are
 * CONTENT_FILTER, anything else OTHER. A blocked prompt ({@code promptFeedback.blockReason}) fails
 * with {@link ErrorKind#CONTENT_FILTER}. HTTP errors are classified by
 * {@link ProviderException#fromStatus} with the message of Google's error body (a 400 whose reason
 * is {@code API_KEY_INVALID} is {@link ErrorKind#AUTHENTICATION}); {@code Retry-After} or the
 * body's {@code RetryInfo} becomes the retry delay.
 *
 * <p>The key is read from the configured {@link org.aistudio.core.provider.CredentialSource} on
 * every call; a refused key (401, or 400 {@code API_KEY_INVALID}) before any answer refreshes the
 * source and tries once more.
 *
 * <p>{@link StreamHandle#cancel()} cancels the body subscription and the exchange, so the
 * connection is closed and Google stops generating.
 */
public final class GeminiProvider implements ChatProvider {

    public static final String NAME = "gemini";

    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final GeminiConfig config;
    private final HttpClient client;
    private final GeminiErrors errors = new GeminiErrors(NAME);

    /** Uses the given client (shared executor, proxy or TLS settings are the caller's). */
    public GeminiProvider(GeminiConfig config, HttpClient client) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Builds its own JDK client with the configured connect timeout and HTTP version. */
    public static GeminiProvider create(GeminiConfig config) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .version(config.httpVersion())
                .build();
        return new GeminiProvider(config, client);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        EventSink sink = new EventSink(listener);
        String model = request.model().startsWith("models/") ? request.model().substring(7) : request.model();
        if (!MODEL_ID.matcher(model).matches()) {
            sink.fail(new ProviderException(NAME, ErrorKind.BAD_REQUEST, "not a Gemini model id: " + model));
            return sink::cancelled;
        }
        byte[] body;
        try {
            body = GeminiWire.JSON.writeValueAsBytes(GeminiRequests.toWire(request, config));
        } catch (JsonProcessingException e) {
            sink.fail(new ProviderException(NAME, ErrorKind.BAD_REQUEST, 0, null, "cannot encode the Gemini request", e));
            return sink::cancelled;
        }
        GeminiCall call = new GeminiCall(client, config, errors, endpoint(model), body, sink);
        call.start();
        return call::cancel;
    }

    private URI endpoint(String model) {
        return URI.create(config.baseUrl() + "/v1beta/models/" + model + ":streamGenerateContent?alt=sse");
    }

    @Override
    public String toString() {
        return "GeminiProvider{" + config + "}";
    }
}
