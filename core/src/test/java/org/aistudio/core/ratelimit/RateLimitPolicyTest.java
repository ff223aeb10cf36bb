package org.aistudio.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {

    private final RateLimitPolicy policy = RateLimitPolicy.builder()
            .perMinute(10).concurrent(3)
            .rolePerMinute("pro", 60).rolePerMinute("team", 30).rolePerMinute("trial", 2)
            .roleConcurrent("pro", 6)
            .build();

    @Test
    void roles_without_overrides_get_the_defaults() {
        assertThat(policy.limitsFor(Set.of())).isEqualTo(new RateLimitPolicy.Limits(10, 3));
        assertThat(policy.limitsFor(Set.of("user", "admin"))).isEqualTo(new RateLimitPolicy.Limits(10, 3));
    }

    @Test
    void the_most_generous_overriding_role_wins_per_limit() {
        assertThat(policy.limitsFor(Set.of("team", "pro", "user"))).isEqualTo(new RateLimitPolicy.Limits(60, 6));
        assertThat(policy.limitsFor(Set.of("team"))).isEqualTo(new RateLimitPolicy.Limits(30, 3));
    }

    @Test
    void a_restrictive_role_restricts_only_users_without_a_more_generous_override() {
        assertThat(policy.limitsFor(Set.of("trial", "user")).perMinute()).isEqualTo(2);
        assertThat(policy.limitsFor(Set.of("trial", "team")).perMinute()).isEqualTo(30);
    }

    @Test
    void defaults_are_the_documented_ones() {
        RateLimitPolicy defaults = RateLimitPolicy.defaults();
        assertThat(defaults.defaultLimits()).isEqualTo(new RateLimitPolicy.Limits(10, 3));
        assertThat(defaults.concurrentRetryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void nonsense_values_fail_when_built_with_a_message_naming_them() {
        assertThatThrownBy(() -> RateLimitPolicy.builder().perMinute(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per-minute limit");
        assertThatThrownBy(() -> RateLimitPolicy.builder().concurrent(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrent limit");
        assertThatThrownBy(() -> RateLimitPolicy.builder().rolePerMinute("pro", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role 'pro'");
        assertThatThrownBy(() -> RateLimitPolicy.builder().rolePerMinute(" ", 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role name");
        assertThatThrownBy(() -> RateLimitPolicy.builder().concurrentRetryAfter(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1s");
    }
}
