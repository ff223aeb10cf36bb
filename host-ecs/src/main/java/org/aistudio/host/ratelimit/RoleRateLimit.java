package org.aistudio.host.ratelimit;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * The limits of one role ({@code aistudio.rate-limit.roles.<role>.per-minute} and
 * {@code .concurrent}), each optional. A user holding several overriding roles gets the most
 * generous value of each limit. Values are checked by the core's policy builder, whose message
 * names the role.
 */
@EachProperty("aistudio.rate-limit.roles")
public record RoleRateLimit(@Parameter String name, @Nullable Integer perMinute, @Nullable Integer concurrent) {
}
