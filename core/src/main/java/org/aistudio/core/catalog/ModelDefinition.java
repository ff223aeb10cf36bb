package org.aistudio.core.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an administrator or the configuration declares about a model: every writable field of a
 * catalogue row and its role grants. Unvalidated on its own: {@link ModelRules} decides whether
 * it may be written.
 *
 * @param key what clients send as {@code modelId} / {@code model}
 * @param name the name people see
 * @param provider the provider's name, e.g. {@code openai}
 * @param providerModelId the provider's own model id
 * @param active whether new requests may use it
 * @param maxTokens the output limit applied to requests, or null for none
 * @param inputCostPer1k price of 1000 input tokens (null means 0), kept without trailing zeros
 * @param outputCostPer1k price of 1000 output tokens (null means 0)
 * @param fallbacks model keys tried in order when this one fails before its first token
 * @param roles role grants; empty means open to everyone. Kept sorted and without duplicates.
 * @param reasoning whether the model streams reasoning
 * @param firstTokenTimeoutMs time limit to the first token, or null for the default
 * @param idleTimeoutMs time limit between chunks, or null for the default
 * @param totalTimeoutMs time limit for a whole answer, or null for the default
 */
public record ModelDefinition(String key, String name, String provider, String providerModelId, boolean active,
                              Integer maxTokens, BigDecimal inputCostPer1k, BigDecimal outputCostPer1k,
                              List<String> fallbacks, List<String> roles, boolean reasoning,
                              Integer firstTokenTimeoutMs, Integer idleTimeoutMs, Integer totalTimeoutMs) {

    public ModelDefinition {
        // Without trailing zeros, so that 0.0025 and the database's 0.002500 are equal.
        inputCostPer1k = inputCostPer1k == null ? BigDecimal.ZERO : inputCostPer1k.stripTrailingZeros();
        outputCostPer1k = outputCostPer1k == null ? BigDecimal.ZERO : outputCostPer1k.stripTrailingZeros();
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        roles = roles == null ? List.of() : List.copyOf(new TreeSet<>(roles));
    }

    /** A builder with the defaults of a new model: active, free, no limits, no fallbacks, open to all. */
    public static Builder builder(String key) {
        return new Builder(key);
    }

    /** A builder starting from this definition. */
    public Builder toBuilder() {
        return new Builder(key).name(name).provider(provider).providerModelId(providerModelId).active(active)
                .maxTokens(maxTokens).inputCostPer1k(inputCostPer1k).outputCostPer1k(outputCostPer1k)
                .fallbacks(fallbacks).roles(roles).reasoning(reasoning).firstTokenTimeoutMs(firstTokenTimeoutMs)
                .idleTimeoutMs(idleTimeoutMs).totalTimeoutMs(totalTimeoutMs);
    }

    /** The same definition, active or not. */
    public ModelDefinition withActive(boolean value) {
        return toBuilder().active(value).build();
    }

    /** The runtime view of this definition as stored under {@code id}; unset timeouts take the defaults. */
    public ModelInfo toInfo(int id) {
        ModelInfo.ModelTimeouts d = ModelInfo.ModelTimeouts.DEFAULTS;
        ModelInfo.ModelTimeouts timeouts = new ModelInfo.ModelTimeouts(millis(firstTokenTimeoutMs, d.firstToken()),
                millis(idleTimeoutMs, d.idle()), millis(totalTimeoutMs, d.total()));
        return new ModelInfo(id, key, name, provider, providerModelId, active, maxTokens, inputCostPer1k,
                outputCostPer1k, fallbacks, Set.copyOf(roles), reasoning, timeouts);
    }

    private static Duration millis(Integer value, Duration fallback) {
        return value == null ? fallback : Duration.ofMillis(value);
    }

    /** Builds a {@link ModelDefinition}; nothing is checked until {@link ModelRules} sees it. */
    public static final class Builder {
        private final String key;
        private String name;
        private String provider;
        private String providerModelId;
        private boolean active = true;
        private Integer maxTokens;
        private BigDecimal inputCostPer1k = BigDecimal.ZERO;
        private BigDecimal outputCostPer1k = BigDecimal.ZERO;
        private List<String> fallbacks = List.of();
        private List<String> roles = List.of();
        private boolean reasoning;
        private Integer firstTokenTimeoutMs;
        private Integer idleTimeoutMs;
        private Integer totalTimeoutMs;

        private Builder(String key) {
            this.key = key;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder provider(String value) {
            this.provider = value;
            return this;
        }

        public Builder providerModelId(String value) {
            this.providerModelId = value;
            return this;
        }

        public Builder active(boolean value) {
            this.active = value;
            return this;
        }

        public Builder maxTokens(Integer value) {
            this.maxTokens = value;
            return this;
        }

        public Builder inputCostPer1k(BigDecimal value) {
            this.inputCostPer1k = value;
            return this;
        }

        public Builder outputCostPer1k(BigDecimal value) {
            this.outputCostPer1k = value;
            return this;
        }

        public Builder fallbacks(List<String> value) {
            this.fallbacks = value == null ? List.of() : new ArrayList<>(value);
            return this;
        }

        public Builder roles(List<String> value) {
            this.roles = value == null ? List.of() : new ArrayList<>(value);
            return this;
        }

        public Builder reasoning(boolean value) {
            this.reasoning = value;
            return this;
        }

        public Builder firstTokenTimeoutMs(Integer value) {
            this.firstTokenTimeoutMs = value;
            return this;
        }

        public Builder idleTimeoutMs(Integer value) {
            this.idleTimeoutMs = value;
            return this;
        }

        public Builder totalTimeoutMs(Integer value) {
            this.totalTimeoutMs = value;
            return this;
        }

        public ModelDefinition build() {
            return new ModelDefinition(key, name, provider, providerModelId, active, maxTokens, inputCostPer1k,
                    outputCostPer1k, fallbacks, roles, reasoning, firstTokenTimeoutMs, idleTimeoutMs,
                    totalTimeoutMs);
        }
    }
}
