package org.aistudio.core.provider.gemini.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.Role;
import org.aistudio.core.provider.gemini.GeminiConfig;

/** Maps a {@link ChatRequest} to Gemini's request body. */
public final class GeminiRequests {

    private GeminiRequests() {
    }

    public static GeminiWire.Request toWire(ChatRequest request, GeminiConfig config) {
        List<GeminiWire.Part> system = new ArrayList<>();
        List<GeminiWire.Content> contents = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            if (message.role() == Role.SYSTEM) {
                system.add(GeminiWire.Part.text(message.content()));
            } else {
                String role = message.role() == Role.ASSISTANT ? "model" : "user";
                contents.add(new GeminiWire.Content(role, List.of(GeminiWire.Part.text(message.content()))));
            }
        }
        GeminiWire.Content systemInstruction = system.isEmpty() ? null : new GeminiWire.Content(null, system);
        return new GeminiWire.Request(contents, systemInstruction, generationConfig(request, config));
    }

    private static GeminiWire.GenerationConfig generationConfig(ChatRequest request, GeminiConfig config) {
        ChatOptions o = request.options();
        GeminiWire.ThinkingConfig thinking = thinking(request.model(), o.reasoningEffort(), config);
        if (o.maxTokens() == null && o.temperature() == null && o.topP() == null && o.stop().isEmpty()
                && thinking == null) {
            return null;
        }
        return new GeminiWire.GenerationConfig(o.maxTokens(), o.temperature(), o.topP(),
                o.stop().isEmpty() ? null : o.stop(), thinking);
    }

    /** Gemini 2.x takes a token budget, later models a level; see {@link GeminiConfig}. */
    static GeminiWire.ThinkingConfig thinking(String model, String effort, GeminiConfig config) {
        if (effort == null || effort.isBlank()) {
            return null;
        }
        String level = effort.strip().toLowerCase(Locale.ROOT);
        if (isGemini2(model)) {
            return new GeminiWire.ThinkingConfig(true, config.thinkingBudget(level), null);
        }
        String thinkingLevel = switch (level) {
            case "low" -> "low";
            case "medium", "high" -> "high";
            default -> null;
        };
        return new GeminiWire.ThinkingConfig(true, null, thinkingLevel);
    }

    private static boolean isGemini2(String model) {
        String id = model.startsWith("models/") ? model.substring("models/".length()) : model;
        return id.startsWith("gemini-2");
    }
}
