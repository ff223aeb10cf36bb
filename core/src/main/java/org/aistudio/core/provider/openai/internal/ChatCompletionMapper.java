package org.aistudio.core.provider.openai.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatRequest;

/**
 * Turns a {@link ChatRequest} into the JSON body of a streaming Chat Completions request, written
 * field by field (no object mapping), in the field order OpenAI's own request type uses.
 *
 * <p>Reasoning models (those matching the configured pattern, or any request that asks for a
 * reasoning effort) get {@code max_completion_tokens} and {@code reasoning_effort}; the others get
 * the classic {@code max_tokens}, which every OpenAI-compatible server understands.
 * {@code stream_options.include_usage} is always on, so the last chunk carries the usage.
 */
public final class ChatCompletionMapper {

    private static final JsonFactory JSON = new JsonFactory();

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
     * @return the UTF-8 JSON body
     */
    public byte[] toWire(ChatRequest request, String wireModel) {
        ChatOptions options = request.options();
        boolean reasoning = options.reasoningEffort() != null || isReasoningModel(request.model());
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            messages(json, request.messages());
            json.writeStringField("model", wireModel);
            if (options.maxTokens() != null) {
                json.writeNumberField(reasoning ? "max_completion_tokens" : "max_tokens", options.maxTokens());
            }
            if (!options.stop().isEmpty()) {
                json.writeArrayFieldStart("stop");
                for (String stop : options.stop()) {
                    json.writeString(stop);
                }
                json.writeEndArray();
            }
            json.writeBooleanField("stream", true);
            json.writeObjectFieldStart("stream_options");
            json.writeBooleanField("include_usage", true);
            json.writeEndObject();
            if (options.temperature() != null) {
                json.writeNumberField("temperature", options.temperature());
            }
            if (options.topP() != null) {
                json.writeNumberField("top_p", options.topP());
            }
            if (reasoning && options.reasoningEffort() != null) {
                json.writeStringField("reasoning_effort", options.reasoningEffort());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a chat completions request", e);
        }
        return out.toByteArray();
    }

    private static void messages(JsonGenerator json, List<ChatMessage> messages) throws IOException {
        json.writeArrayFieldStart("messages");
        for (ChatMessage message : messages) {
            json.writeStartObject();
            json.writeStringField("content", message.content());
            json.writeStringField("role", role(message));
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static String role(ChatMessage message) {
        return switch (message.role()) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
        };
    }
}
