package org.aistudio.core.provider.openai.internal;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatRequest;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionMessage;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionRequest;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionRequest.StreamOptions;

/**
 * Turns a {@link ChatRequest} into a streaming Chat Completions request.
 *
 * <p>Reasoning models (those matching the configured pattern, or any request that asks for a
 * reasoning effort) get {@code max_completion_tokens} and {@code reasoning_effort}; the others get
 * the classic {@code max_tokens}, which every OpenAI-compatible server understands.
 * {@code stream_options.include_usage} is always on, so the last chunk carries the usage.
 */
public final class ChatCompletionMapper {

    private final Pattern reasoningModels;

    public ChatCompletionMapper(Pattern reasoningModels) {
        this.reasoningModels = Objects.requireNonNull(reasoningModels, "reasoningModels");
    }

    /** Whether this model id is treated as a reasoning model. */
    public boolean isReasoningModel(String model) {
        return reasoningModels.matcher(model).matches();
    }

    /**
     * @param request the caller's request
     * @param wireModel the {@code model} field to send (the request's model, or a deployment's)
     */
    public ChatCompletionRequest toWire(ChatRequest request, String wireModel) {
        ChatOptions options = request.options();
        boolean reasoning = options.reasoningEffort() != null || isReasoningModel(request.model());
        Integer maxTokens = reasoning ? null : options.maxTokens();
        Integer maxCompletionTokens = reasoning ? options.maxTokens() : null;
        String reasoningEffort = reasoning ? options.reasoningEffort() : null;
        List<String> stop = options.stop().isEmpty() ? null : options.stop();
        return new ChatCompletionRequest(
                messages(request.messages()), wireModel,
                null, null, null, null, null, null,                     // store .. top_logprobs
                maxTokens, maxCompletionTokens,
                null, null, null, null, null, null, null,               // n .. service_tier
                stop, true, StreamOptions.INCLUDE_USAGE,
                options.temperature(), options.topP(),
                null, null, null, null,                                 // tools .. user
                reasoningEffort,
                null, null, null, null, null);                          // web_search .. extra_body
    }

    private static List<ChatCompletionMessage> messages(List<ChatMessage> messages) {
        return messages.stream()
                .map(m -> new ChatCompletionMessage(m.content(), role(m)))
                .toList();
    }

    private static ChatCompletionMessage.Role role(ChatMessage message) {
        return switch (message.role()) {
            case SYSTEM -> ChatCompletionMessage.Role.SYSTEM;
            case USER -> ChatCompletionMessage.Role.USER;
            case ASSISTANT -> ChatCompletionMessage.Role.ASSISTANT;
        };
    }
}
