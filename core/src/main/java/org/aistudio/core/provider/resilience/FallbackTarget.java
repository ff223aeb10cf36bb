package org.aistudio.core.provider.resilience;

import java.util.Objects;
import org.aistudio.core.provider.ChatProvider;

/**
 * One entry of a fallback chain: a provider and the provider's own model id to ask it for.
 *
 * @param provider the provider to call
 * @param model the provider model id, or null to use the model of the incoming request
 */
public record FallbackTarget(ChatProvider provider, String model) {

    public FallbackTarget {
        Objects.requireNonNull(provider, "provider");
        if (model != null && model.isBlank()) {
            throw new IllegalArgumentException("a fallback target's model must not be blank");
        }
    }

    /** A target that asks the provider for whatever model the request names. */
    public static FallbackTarget sameModel(ChatProvider provider) {
        return new FallbackTarget(provider, null);
    }

    /** The provider's name. */
    public String providerName() {
        return provider.name();
    }

    FallbackTarget resolve(String requestModel) {
        return model != null ? this : new FallbackTarget(provider, requestModel);
    }

    @Override
    public String toString() {
        return provider.name() + "/" + (model == null ? "*" : model);
    }
}
