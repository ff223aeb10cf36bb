package org.aistudio.core.provider.openai;

import java.net.http.HttpClient;
import java.util.Objects;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.provider.openai.internal.ChatCompletionMapper;
import org.aistudio.core.provider.openai.internal.CompletionEndpoint;
import org.aistudio.core.provider.openai.internal.CompletionStreamer;
import org.aistudio.core.provider.openai.internal.HttpTransport;
import org.springframework.ai.model.NoopApiKey;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Streams OpenAI Chat Completions (or those of an OpenAI-compatible server) through Spring AI's
 * {@link OpenAiApi} client on the JDK {@link HttpClient}.
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
        HttpClient httpClient = config.httpClient().orElseGet(() -> HttpTransport.httpClient(config.connectTimeout()));
        LinkedMultiValueMap<String, String> headers = new LinkedMultiValueMap<>();
        config.headers().forEach(headers::add);
        OpenAiApi api = OpenAiApi.builder()
                .baseUrl(config.baseUrl().toString())
                .completionsPath(COMPLETIONS_PATH)
                .apiKey(new NoopApiKey())
                .headers(headers)
                .webClientBuilder(HttpTransport.webClient(httpClient))
                .restClientBuilder(HttpTransport.restClient(httpClient))
                .build();
        this.streamer = new CompletionStreamer(config.name(), new BearerEndpoint(api),
                new ChatCompletionMapper(config.reasoningModels()), config.credentials(), config.credentialName(),
                config.keyRequired(), config.clock());
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
    public String toString() {
        return "OpenAiChatProvider[" + name() + "]";
    }

    /** One base URL for every model; the key travels as {@code Authorization: Bearer}. */
    private record BearerEndpoint(OpenAiApi api) implements CompletionEndpoint {
        @Override
        public OpenAiApi api(String model) {
            return api;
        }

        @Override
        public String wireModel(String model) {
            return model;
        }

        @Override
        public void authenticate(HttpHeaders headers, String key) {
            headers.setBearerAuth(key);
        }
    }
}
