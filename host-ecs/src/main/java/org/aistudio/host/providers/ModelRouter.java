package org.aistudio.host.providers;

import io.micronaut.http.HttpStatus;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.aistudio.core.catalog.JdbcModelCatalog;
import org.aistudio.core.catalog.ModelCatalog;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ProviderRegistry;
import org.aistudio.core.provider.resilience.CircuitBreakers;
import org.aistudio.core.provider.resilience.FallbackTarget;
import org.aistudio.core.provider.resilience.ResilientChatProvider;
import org.aistudio.host.error.ApiException;

/**
 * The provider call for a model: its own provider and model id first, then its fallback chain
 * (other catalogue models, active and configured), with retries before the first token and a
 * circuit breaker per provider.
 */
@Singleton
public class ModelRouter {

    private final ProviderRegistry providers;
    private final JdbcModelCatalog catalog;
    private final CircuitBreakers breakers;
    private final ScheduledExecutorService scheduler;
    private final ProviderAttempts attempts;

    public ModelRouter(ProviderRegistry providers, JdbcModelCatalog catalog, CircuitBreakers breakers,
                       @Named("aistudio-scheduler") ScheduledExecutorService scheduler, ProviderAttempts attempts) {
        this.providers = providers;
        this.catalog = catalog;
        this.breakers = breakers;
        this.scheduler = scheduler;
        this.attempts = attempts;
    }

    public ChatProvider route(ModelInfo model) {
        return route(model, catalog);
    }

    /** {@link #route(ModelInfo)}, with the fallbacks looked up in {@code models}. */
    public ChatProvider route(ModelInfo model, ModelCatalog models) {
        ChatProvider primary = providers.find(model.provider()).orElseThrow(() -> new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE, "provider_unavailable",
                "The provider of model '" + model.key() + "' is not configured on this server."));
        List<FallbackTarget> targets = new ArrayList<>();
        targets.add(new FallbackTarget(primary, model.providerModelId()));
        for (String key : model.fallbacks()) {
            models.find(key).filter(ModelInfo::active).ifPresent(fallback -> providers.find(fallback.provider())
                    .ifPresent(p -> targets.add(new FallbackTarget(p, fallback.providerModelId()))));
        }
        return ResilientChatProvider.builder().name(model.provider()).targets(targets).circuitBreakers(breakers)
                .scheduler(scheduler).listener(attempts).build();
    }
}
