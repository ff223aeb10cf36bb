package org.aistudio.core.provider;

/** Why a model stopped generating. */
public enum FinishReason {
    /** A natural end or a stop sequence. */
    STOP("stop", "stop"),
    /** The token limit was reached. */
    LENGTH("length", "length"),
    /** A safety or content filter stopped the answer. */
    CONTENT_FILTER("content-filter", "content_filter"),
    /** The model asked for a tool call. */
    TOOL_CALLS("tool-calls", "tool_calls"),
    /** Anything else the provider reported. */
    OTHER("other", "stop");

    private final String uiName;
    private final String openAiName;

    FinishReason(String uiName, String openAiName) {
        this.uiName = uiName;
        this.openAiName = openAiName;
    }

    /** The AI SDK UI message stream's name ({@code finishReason}). */
    public String uiName() {
        return uiName;
    }

    /** OpenAI's {@code finish_reason}. */
    public String openAiName() {
        return openAiName;
    }
}
