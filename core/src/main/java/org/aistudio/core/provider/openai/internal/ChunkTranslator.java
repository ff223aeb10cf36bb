package org.aistudio.core.provider.openai.internal;

import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;

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
    boolean accept(ChunkReader.Chunk chunk) {
        if (!chunk.identified()) {
            return false;
        }
        for (ChunkReader.Choice choice : chunk.choices()) {
            sink.reasoning(choice.reasoning());
            sink.text(choice.text());
            // A refusal is the model's answer to show, streamed in its own field.
            sink.text(choice.refusal());
            if (choice.finishReason() != null && !choice.finishReason().isEmpty()) {
                finishReason = finishReason(choice.finishReason());
            }
        }
        sink.usage(chunk.usage());
        return true;
    }

    /** The finish reason the upstream sent, or null when it sent none. */
    FinishReason finishReason() {
        return finishReason;
    }

    /** OpenAI's names, and Mistral's {@code tool_call}; anything else is {@link FinishReason#OTHER}. */
    static FinishReason finishReason(String reason) {
        return switch (reason) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "tool_calls", "tool_call" -> FinishReason.TOOL_CALLS;
            default -> FinishReason.OTHER;
        };
    }
}
