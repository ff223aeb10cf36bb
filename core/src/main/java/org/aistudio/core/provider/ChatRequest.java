package org.aistudio.core.provider;

import java.util.List;
import java.util.Objects;

/**
 * A streaming chat call.
 *
 * @param model the provider's own model id (e.g. {@code gpt-4o-mini}, a Bedrock model id)
 * @param messages the conversation so far, oldest first, never empty
 * @param options generation options
 */
public record ChatRequest(String model, List<ChatMessage> messages, ChatOptions options) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        options = options == null ? ChatOptions.DEFAULTS : options;
    }

    public static ChatRequest of(String model, ChatMessage... messages) {
        return new ChatRequest(model, List.of(messages), ChatOptions.DEFAULTS);
    }

    /** The same request for another model id (fallbacks). */
    public ChatRequest withModel(String otherModel) {
        return new ChatRequest(otherModel, messages, options);
    }
}
