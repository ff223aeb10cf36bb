package org.aistudio.core.provider.gemini.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/** The JSON shapes of {@code streamGenerateContent}, as records. */
public final class GeminiWire {

    /** Reads responses leniently (unknown fields are ignored) and writes requests without nulls. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private GeminiWire() {
    }

    public record Request(List<Content> contents, Content systemInstruction, GenerationConfig generationConfig) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Content(String role, List<Part> parts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Part(String text, Boolean thought) {

        public static Part text(String text) {
            return new Part(text, null);
        }

        public boolean isThought() {
            return Boolean.TRUE.equals(thought);
        }
    }

    public record GenerationConfig(Integer maxOutputTokens, Double temperature, Double topP,
                                   List<String> stopSequences, ThinkingConfig thinkingConfig) {
    }

    public record ThinkingConfig(Boolean includeThoughts, Integer thinkingBudget, String thinkingLevel) {
    }

    /** One streamed chunk: a {@code GenerateContentResponse}, or an error object sent in the stream. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Chunk(List<Candidate> candidates, UsageMetadata usageMetadata, PromptFeedback promptFeedback,
                        Status error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Candidate(Content content, String finishReason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UsageMetadata(Long promptTokenCount, Long candidatesTokenCount, Long thoughtsTokenCount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PromptFeedback(String blockReason, String blockReasonMessage) {
    }

    /** Google's error body: {@code {"error": {"code", "message", "status", "details"}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorBody(Status error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(Integer code, String message, String status, List<JsonNode> details) {
    }
}
