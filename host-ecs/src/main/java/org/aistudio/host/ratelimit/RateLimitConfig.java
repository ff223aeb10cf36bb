package org.aistudio.host.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Rate limits per user ({@code aistudio.rate-limit.*}): {@code AISTUDIO_RATE_LIMIT_PER_MINUTE},
 * {@code AISTUDIO_RATE_LIMIT_CONCURRENT}; role overrides are {@link RoleRateLimit}s.
 *
 * @param perMinute job creations per user per minute
 * @param concurrent pending or running jobs per user at once
 * @param concurrentRetryAfter the {@code Retry-After} of a refusal by the concurrency limit
 */
@ConfigurationProperties("aistudio.rate-limit")
public record RateLimitConfig(
        @Bindable(defaultValue = "10") @Min(1) int perMinute,
        @Bindable(defaultValue = "3") @Min(1) int concurrent,
        @Bindable(defaultValue = "5s") @NotNull Duration concurrentRetryAfter) {
}
