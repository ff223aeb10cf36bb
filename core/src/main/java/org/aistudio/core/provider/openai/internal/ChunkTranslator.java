package org.aistudio.core.provider.openai.internal;

import java.util.List;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.Usage;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionChunk;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionChunk.ChunkChoice;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionFinishReason;
import org.springframework.ai.openai.api.OpenAiApi.ChatCompletionMessage;

/**
 * Turns the chunks of one stream into events. Holds the finish reason until the stream ends,
 * because the usage chunk comes after it; whoever sees the end decides between finish and failure.
 */
final class ChunkTranslator {

    private final EventSink sink;
    private FinishReason finishReason;

    ChunkTranslator(EventSink sink) {
        this.sink = sink;
    }

    /** Returns false when the event has none of a chunk's fields (an in-stream error event). */
    boolean accept(ChatCompletionChunk chunk) {
        // Spring AI merges every chunk into an empty one, so missing choices arrive as an empty list.
        if (chunk.id() == null && chunk.object() == null && chunk.usage() == null
                && (chunk.choices() == null || chunk.choices().isEmpty())) {
            return false;
        }
        List<ChunkChoice> choices = chunk.choices() == null ? List.of() : chunk.choices();
        for (ChunkChoice choice : choices) {
            if (choice.index() == null || choice.index() == 0) {
                acceptChoice(choice);
            }
        }
        if (chunk.usage() != null) {
            sink.usage(usage(chunk.usage()));
        }
        return true;
    }

    /** The finish reason the upstream sent, or null when it sent none. */
    FinishReason finishReason() {
        return finishReason;
    }

    private void acceptChoice(ChunkChoice choice) {
        ChatCompletionMessage delta = choice.delta();
        if (delta != null) {
            sink.reasoning(delta.reasoningContent());
            if (delta.rawContent() instanceof String text) {
                sink.text(text);
            }
            // A refusal is the model's answer to show, streamed in its own field.
            sink.text(delta.refusal());
        }
        if (choice.finishReason() != null && choice.finishReason() != ChatCompletionFinishReason.UNKNOWN) {
            finishReason = finishReason(choice.finishReason());
        }
    }

    static FinishReason finishReason(ChatCompletionFinishReason reason) {
        return switch (reason) {
            case STOP -> FinishReason.STOP;
            case LENGTH -> FinishReason.LENGTH;
            case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
            case TOOL_CALLS, TOOL_CALL -> FinishReason.TOOL_CALLS;
            case UNKNOWN -> FinishReason.OTHER;
        };
    }

    static Usage usage(org.springframework.ai.openai.api.OpenAiApi.Usage usage) {
        long reasoning = usage.completionTokenDetails() == null
                || usage.completionTokenDetails().reasoningTokens() == null
                ? 0 : usage.completionTokenDetails().reasoningTokens();
        return new Usage(orZero(usage.promptTokens()), orZero(usage.completionTokens()), reasoning);
    }

    private static long orZero(Integer value) {
        return value == null ? 0 : Math.max(0, value);
    }
}
