package org.aistudio.core.provider.azure;

import java.util.Map;
import java.util.Objects;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.provider.http.JdkStreamingHttp;
import org.aistudio.core.provider.azure.internal.AzureEndpoint;
import org.aistudio.core.provider.openai.internal.ChatCompletionMapper;
import org.aistudio.core.provider.openai.internal.CompletionStreamer;

/**
 * Streams Azure OpenAI Chat Completions. With {@link AzureUrlStyle#DEPLOYMENT} the request's model
 * id is the deployment name; with {@link AzureUrlStyle#V1} it is sent in the body. The key
 * ({@code AZURE_OPENAI_API_KEY} by default) travels in the {@code api-key} header. A
 * {@code content_filter} finish ends the answer with
 * {@link org.aistudio.core.provider.FinishReason#CONTENT_FILTER}; a prompt refused by the filter
 * (HTTP 400, {@code error.code} {@code content_filter}) fails with
 * {@link org.aistudio.core.provider.ErrorKind#CONTENT_FILTER}, not retriable.
 */
public final class AzureOpenAiChatProvider implements ChatProvider {

    private final CompletionStreamer streamer;

    public AzureOpenAiChatProvider(AzureOpenAiConfig config) {
        Objects.requireNonNull(config, "config");
        AzureEndpoint azure = new AzureEndpoint(config.name(), config.endpoint(), config.apiVersion(),
                config.urlStyle() == AzureUrlStyle.V1);
        this.streamer = new CompletionStreamer(config.name(), azure, new ChatCompletionMapper(config.reasoningModels()),
                config.http().orElseGet(() -> JdkStreamingHttp.of(config.httpClient(), config.connectTimeout())), Map.of(),
                config.credentials(), config.credentialName(), true, config.clock());
    }

    public static AzureOpenAiChatProvider create(AzureOpenAiConfig config) {
        return new AzureOpenAiChatProvider(config);
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
        return "AzureOpenAiChatProvider[" + name() + "]";
    }
}
