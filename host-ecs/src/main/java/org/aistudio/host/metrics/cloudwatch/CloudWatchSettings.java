package org.aistudio.host.metrics.cloudwatch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;

/**
 * The CloudWatch export ({@code aistudio.metrics.cloudwatch.*}): on with
 * {@code AISTUDIO_METRICS_CLOUDWATCH_ENABLED=true}; credentials and region come from the AWS
 * default chain (the ECS task role).
 *
 * @param enabled whether metrics are published to CloudWatch
 * @param namespace the CloudWatch namespace
 * @param environment the {@code Environment} dimension ({@code AISTUDIO_ENV})
 * @param step how often metrics are published; also the period a counter's value covers
 * @param endpoint an endpoint override (a local stand-in), or null for AWS's
 */
@ConfigurationProperties("aistudio.metrics.cloudwatch")
public record CloudWatchSettings(
        @Bindable(defaultValue = "false") boolean enabled,
        @Bindable(defaultValue = CloudWatchNames.DEFAULT_NAMESPACE) @NotBlank String namespace,
        @Bindable(defaultValue = "local") @NotBlank String environment,
        @Bindable(defaultValue = "60s") @NotNull Duration step,
        @Nullable URI endpoint) {

    public CloudWatchSettings {
        if (step != null && (step.isNegative() || step.isZero())) {
            throw new IllegalArgumentException("aistudio.metrics.cloudwatch.step must be positive, not " + step);
        }
    }
}
