package org.aistudio.host.ratelimit;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.aistudio.core.ratelimit.JdbcRateLimiter;
import org.aistudio.core.ratelimit.JobCreationRateLimit;
import org.aistudio.core.ratelimit.RateLimitPolicy;

/** Turns {@code aistudio.rate-limit.*} into the core's policy and PostgreSQL limiter. */
@Factory
public class RateLimitFactory {

    /** Built at start-up, so that a nonsense limit stops the host with a message naming it. */
    @Context
    RateLimitPolicy rateLimitPolicy(RateLimitConfig config, List<RoleRateLimit> roles) {
        RateLimitPolicy.Builder builder = RateLimitPolicy.builder()
                .perMinute(config.perMinute())
                .concurrent(config.concurrent())
                .concurrentRetryAfter(config.concurrentRetryAfter());
        for (RoleRateLimit role : roles) {
            if (role.perMinute() != null) {
                builder.rolePerMinute(role.name(), role.perMinute());
            }
            if (role.concurrent() != null) {
                builder.roleConcurrent(role.name(), role.concurrent());
            }
        }
        return builder.build();
    }

    @Singleton
    JdbcRateLimiter rateLimiter(DataSource dataSource, RateLimitPolicy policy, Clock clock) {
        return new JdbcRateLimiter(dataSource, policy, clock);
    }

    /** Installed into the job store, so that every surface that creates a job is limited. */
    @Singleton
    JobCreationRateLimit jobCreationRateLimit(JdbcRateLimiter limiter) {
        return new JobCreationRateLimit(limiter);
    }
}
