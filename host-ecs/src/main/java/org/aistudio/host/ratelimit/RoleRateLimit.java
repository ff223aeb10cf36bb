package org.aistudio.host.ratelimit;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;

/**
 * The limits of one role ({@code aistudio.rate-limit.roles.<role>.per-minute} and
 * {@code .concurrent}), each optional. A user holding several overriding roles gets the most
 * generous value of each limit.
 */
@EachProperty("aistudio.rate-limit.roles")
public record RoleRateLimit(@Parameter String name, @Nullable @Min(1) Integer perMinute,
                            @Nullable @Min(1) Integer concurrent) {
}
