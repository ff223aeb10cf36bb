package org.aistudio.core.provider;

/**
 * Token usage of one answer, in the same shape for every provider.
 *
 * @param inputTokens prompt tokens
 * @param outputTokens generated tokens, reasoning included where the provider counts it so
 * @param reasoningTokens the part of the output spent on reasoning (0 when unknown)
 */
public record Usage(long inputTokens, long outputTokens, long reasoningTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
