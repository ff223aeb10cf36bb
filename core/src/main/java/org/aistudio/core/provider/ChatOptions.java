package org.aistudio.core.provider;

import java.util.List;

/**
 * Generation options. Every field is optional ({@code null} means the provider's default).
 *
 * @param maxTokens upper bound of output tokens
 * @param temperature sampling temperature
 * @param topP nucleus sampling
 * @param stop stop sequences (never null; empty when none)
 * @param reasoningEffort {@code low}, {@code medium} or {@code high} for reasoning models
 */
public record ChatOptions(Integer maxTokens, Double temperature, Double topP, List<String> stop,
                          String reasoningEffort) {

    public static final ChatOptions DEFAULTS = new ChatOptions(null, null, null, List.of(), null);

    public ChatOptions {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public ChatOptions withMaxTokens(Integer value) {
        return new ChatOptions(value, temperature, topP, stop, reasoningEffort);
    }
}
