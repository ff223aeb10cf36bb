package org.aistudio.core.provider.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.Executors;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.StreamHandle;
import org.junit.jupiter.api.Test;

class ResilienceConfigTest {

    @Test
    void retry_policy_refuses_settings_that_make_no_sense() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
                .hasMessageContaining("maxAttempts counts the first attempt");
        assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5).build())
                .hasMessageContaining("multiplier must be a number >= 1");
        assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofSeconds(10))
                .maxDelay(Duration.ofSeconds(1)).build())
                .hasMessageContaining("maxDelay (PT1S) is shorter than initialDelay (PT10S)");
        assertThatThrownBy(() -> RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("maxRetryAfter cannot be negative");
    }

    @Test
    void circuit_breaker_config_refuses_settings_that_make_no_sense() {
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureRateThreshold(1.5).build())
                .hasMessageContaining("failureRateThreshold is a share in (0, 1]");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().windowSize(5).minimumCalls(10).build())
                .hasMessageContaining("minimumCalls <= windowSize");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().openDuration(Duration.ZERO).build())
                .hasMessageContaining("openDuration must be positive");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().consecutiveFailures(0).build())
                .hasMessageContaining("consecutiveFailures must be >= 1");
    }

    @Test
    void a_resilient_provider_needs_a_target_a_scheduler_and_circuit_breakers() {
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            CircuitBreakers breakers = new CircuitBreakers(CircuitBreakerConfig.DEFAULTS);
            assertThatThrownBy(() -> ResilientChatProvider.builder().scheduler(scheduler).circuitBreakers(breakers)
                    .build()).hasMessageContaining("at least one target");
            assertThatThrownBy(() -> ResilientChatProvider.builder().target(new ScriptedProvider("p"))
                    .circuitBreakers(breakers).build()).hasMessageContaining("scheduler");
            assertThatThrownBy(() -> ResilientChatProvider.builder().target(new ScriptedProvider("p"))
                    .scheduler(scheduler).build()).hasMessageContaining("circuitBreakers");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void a_resilient_provider_starts_without_blocking_only_when_every_target_does() {
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            CircuitBreakers breakers = new CircuitBreakers(CircuitBreakerConfig.DEFAULTS);
            ChatProvider atOnce = new ChatProvider() {
                @Override
                public String name() {
                    return "at-once";
                }

                @Override
                public StreamHandle stream(ChatRequest request, ChatListener listener) {
                    throw new UnsupportedOperationException("only asked whether it starts without blocking");
                }

                @Override
                public boolean startsWithoutBlocking() {
                    return true;
                }
            };
            assertThat(ResilientChatProvider.builder().target(atOnce).scheduler(scheduler).circuitBreakers(breakers)
                    .build().startsWithoutBlocking()).isTrue();
            assertThat(ResilientChatProvider.builder().target(atOnce).target(new ScriptedProvider("unknown"))
                    .scheduler(scheduler).circuitBreakers(breakers).build().startsWithoutBlocking())
                    .as("a fallback that may block").isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void default_policies_are_documented_values() {
        assertThat(RetryPolicy.DEFAULTS.maxAttempts()).isEqualTo(RetryPolicy.DEFAULT_MAX_ATTEMPTS);
        assertThat(RetryPolicy.DEFAULTS.ceiling(10)).isEqualTo(RetryPolicy.DEFAULT_MAX_DELAY.toNanos());
        assertThat(CircuitBreakerConfig.DEFAULTS.openDuration()).isEqualTo(CircuitBreakerConfig.DEFAULT_OPEN_DURATION);
    }
}
