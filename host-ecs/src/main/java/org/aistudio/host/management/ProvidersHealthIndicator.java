package org.aistudio.host.management;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ProviderRegistry;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code providers}: every configured provider with what {@link ProviderDetails} beans know
 * about it (circuit state, ...). Always up: one provider's outage must not take an instance out
 * of rotation, where it still serves every other provider; alarms on failures come from metrics.
 */
@Singleton
public class ProvidersHealthIndicator implements HealthIndicator {

    private final ProviderRegistry providers;
    private final List<ProviderDetails> details;

    public ProvidersHealthIndicator(ProviderRegistry providers, List<ProviderDetails> details) {
        this.providers = providers;
        this.details = List.copyOf(details);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromSupplier(() -> HealthResult.builder("providers", HealthStatus.UP).details(describe()).build());
    }

    Map<String, Object> describe() {
        List<String> names = new ArrayList<>();
        for (ChatProvider provider : providers.all()) {
            names.add(provider.name());
        }
        Map<String, Object> byName = new TreeMap<>();
        for (String name : names) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("configured", true);
            for (ProviderDetails source : details) {
                try {
                    entry.putAll(source.of(name));
                } catch (RuntimeException e) {
                    entry.put("detailsError", e.getClass().getSimpleName());
                }
            }
            byName.put(name, entry);
        }
        return byName;
    }
}
