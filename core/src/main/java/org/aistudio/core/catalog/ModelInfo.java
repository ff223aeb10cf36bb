package org.aistudio.core.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.aistudio.core.provider.Usage;

/**
 * A model of the catalogue.
 *
 * @param id the database id
 * @param key what clients send as {@code modelId} / {@code model}
 * @param provider the provider's name, e.g. {@code openai}
 * @param providerModelId the provider's own model id
 * @param maxTokens the output limit applied to requests, or null
 * @param fallbacks other model keys tried in order when this one fails before its first token
 * @param roles role grants; empty means open to everyone
 * @param timeouts per-model time limits
 */
public record ModelInfo(int id, String key, String name, String provider, String providerModelId, boolean active,
                        Integer maxTokens, BigDecimal inputCostPer1k, BigDecimal outputCostPer1k,
                        List<String> fallbacks, Set<String> roles, boolean reasoning, ModelTimeouts timeouts) {

    public ModelInfo {
        fallbacks = List.copyOf(fallbacks);
        roles = Set.copyOf(roles);
        timeouts = timeouts == null ? ModelTimeouts.DEFAULTS : timeouts;
    }

    /** Whether a user with these roles may use the model: no grants means everyone; admins always. */
    public boolean allows(Set<String> userRoles) {
        return roles.isEmpty() || userRoles.contains("admin") || userRoles.stream().anyMatch(roles::contains);
    }

    /**
     * The cost of a usage at this model's prices per 1000 tokens. A job keeps the {@code ModelInfo}
     * it was admitted with, so it is priced as the catalogue stood when it started: a price change
     * applies from the next job on, never to one already running.
     */
    public BigDecimal cost(Usage usage) {
        BigDecimal in = inputCostPer1k.multiply(BigDecimal.valueOf(usage.inputTokens()));
        BigDecimal out = outputCostPer1k.multiply(BigDecimal.valueOf(usage.outputTokens()));
        return in.add(out).divide(BigDecimal.valueOf(1000), 6, RoundingMode.HALF_UP);
    }

    /**
     * Time limits of one model's answers.
     *
     * @param firstToken from the call to the first text or reasoning
     * @param idle between two chunks
     * @param total for the whole answer
     */
    public record ModelTimeouts(Duration firstToken, Duration idle, Duration total) {
        public static final ModelTimeouts DEFAULTS =
                new ModelTimeouts(Duration.ofSeconds(120), Duration.ofSeconds(90), Duration.ofMinutes(15));
    }
}
