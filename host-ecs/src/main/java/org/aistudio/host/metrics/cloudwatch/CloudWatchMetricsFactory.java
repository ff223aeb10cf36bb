package org.aistudio.host.metrics.cloudwatch;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.util.NamedThreadFactory;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClientBuilder;

/**
 * Builds the CloudWatch registry when {@code aistudio.metrics.cloudwatch.enabled} is true and
 * adds it to the application's composite registry, so every meter reaches it (it publishes only
 * the guide's). It is not exposed as a {@code MeterRegistry} bean: Micronaut configures the
 * composite once per such bean, and a second registry made it bind every JVM meter twice (with a
 * warning at each start). Closing it at shutdown publishes the last, partial step.
 */
@Factory
@Requires(property = "aistudio.metrics.cloudwatch.enabled", value = "true")
public class CloudWatchMetricsFactory {

    /** Its own client: credentials and region from the AWS default chain, endpoint overridable. */
    @Singleton
    @Named("aistudio-metrics")
    @Bean(preDestroy = "close")
    CloudWatchAsyncClient metricsCloudWatchClient(CloudWatchSettings settings, AwsCredentialsProviderChain credentials,
                                                  AwsRegionProviderChain region, SdkAsyncHttpClient httpClient) {
        CloudWatchAsyncClientBuilder builder = CloudWatchAsyncClient.builder()
                .credentialsProvider(credentials)
                .region(region.getRegion())
                .httpClient(httpClient);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    @Context
    @Bean(typed = GuideCloudWatchRegistry.class, preDestroy = "close")
    GuideCloudWatchRegistry cloudWatchRegistry(CloudWatchSettings settings,
                                               @Named("aistudio-metrics") CloudWatchAsyncClient client,
                                               CompositeMeterRegistry composite) {
        GuideCloudWatchRegistry registry = new GuideCloudWatchRegistry(client, settings.namespace(),
                settings.environment(), settings.step(), Clock.SYSTEM);
        composite.add(registry);
        registry.start(new NamedThreadFactory("aistudio-cloudwatch"));
        return registry;
    }
}
