package org.aistudio.host.jobs;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.aistudio.core.provider.ProviderRegistry;
import org.aistudio.core.provider.demo.DemoProvider;

/** Builds the provider registry from configuration. The demo provider is always there. */
@Factory
public class ProvidersFactory {

    @Singleton
    ProviderRegistry providerRegistry(@Named("aistudio-scheduler") ScheduledExecutorService scheduler,
                                      @Value("${aistudio.demo.chunk-delay:40ms}") Duration demoDelay) {
        return new ProviderRegistry().register(new DemoProvider(scheduler, demoDelay));
    }
}
