package org.aistudio.core.provider.openai;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.provider.http.JdkStreamingHttp;
import org.aistudio.core.provider.openai.internal.ChatCompletionMapper;
import org.aistudio.core.provider.openai.internal.CompletionEndpoint;
import org.aistudio.core.provider.openai.internal.CompletionStreamer;

/**
 * Streams OpenAI Chat Completions (or those of an OpenAI-compatible server), reading the
 * server-sent events straight from the bytes the client hands over. Calls go out on the
 * configured {@link org.aistudio.core.provider.http.StreamingHttp}; without one, on the JDK
 * {@link java.net.http.HttpClient}, spread over a few clients of the provider's own so that one
 * client's selector thread does not limit concurrent streams.
 *
 * <p>Text arrives as {@code content} deltas, reasoning as {@code reasoning_content} deltas (sent by
 * vLLM, llama.cpp, DeepSeek); usage comes from the last chunk ({@code stream_options.include_usage})
 * with {@code completion_tokens_details.reasoning_tokens}. The key is read from the configured
 * {@link org.aistudio.core.provider.CredentialSource} at each call and sent as a bearer token.
 */
public final class OpenAiChatProvider implements ChatProvider {

    static final String COMPLETIONS_PATH = "/chat/completions";

    private final CompletionStreamer streamer;

    public OpenAiChatProvider(OpenAiConfig config) {
        Objects.requireNonNull(config, "config");
        this.streamer = new CompletionStreamer(config.name(),
                new BearerEndpoint(URI.create(config.baseUrl() + COMPLETIONS_PATH)),
                new ChatCompletionMapper(config.reasoningModels()),
                config.http().orElseGet(() -> JdkStreamingHttp.of(config.httpClient(), config.connectTimeout())), config.headers(),
                config.credentials(), config.credentialName(), config.keyRequired(), config.clock());
    }

    /** An adapter for OpenAI itself with the given configuration. */
    public static OpenAiChatProvider create(OpenAiConfig config) {
        return new OpenAiChatProvider(config);
    }

    @Override
    public String name() {
        return streamer.provider();
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        return streamer.stream(request, listener);
    }

    @Override
    public boolean startsWithoutBlocking() {
        return streamer.startsWithoutBlocking();
    }

    @Override
    public String toString() {
        return "OpenAiChatProvider[" + name() + "]";
    }

    /** One URL for every model; the key travels as {@code Authorization: Bearer}. */
    private record BearerEndpoint(URI uri) implements CompletionEndpoint {
        @Override
        public URI uri(String model) {
            return uri;
        }

        @Override
        public String wireModel(String model) {
            return model;
        }

        @Override
        public void authenticate(Map<String, String> headers, String key) {
            headers.put("Authorization", "Bearer " + key);
        }
    }
}
