package org.aistudio.core.provider.resilience;

import static org.aistudio.core.provider.resilience.ScriptedProvider.answer;
import static org.aistudio.core.provider.resilience.ScriptedProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.fixtures.time.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration OPEN_FOR = Duration.ofSeconds(30);
    private static final ChatRequest REQUEST = ChatRequest.of("m", ChatMessage.user("hi"));

    private final SettableClock clock = new SettableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final RecordingAttemptListener attempts = new RecordingAttemptListener();
    private final RecordingScheduler scheduler = RecordingScheduler.immediate();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private CircuitBreakers breakers(CircuitBreakerConfig.Builder config) {
        return new CircuitBreakers(config.clock(clock).openDuration(OPEN_FOR).build(), attempts);
    }

    private ChatEvent call(ResilientChatProvider provider, RecordingListener listener) {
        provider.stream(REQUEST, listener);
        return listener.awaitTerminal(WAIT);
    }

    private ResilientChatProvider chain(CircuitBreakers breakers, ScriptedProvider... providers) {
        ResilientChatProvider.Builder b = ResilientChatProvider.builder().retryPolicy(RetryPolicy.NO_RETRIES)
                .circuitBreakers(breakers).scheduler(scheduler).listener(attempts);
        for (ScriptedProvider p : providers) {
            b.target(p);
        }
        return b.build();
    }

    @Test
    void opens_after_consecutive_failures_and_then_refuses_calls_at_once() {
        CircuitBreakers breakers = breakers(CircuitBreakerConfig.builder().consecutiveFailures(3));
        ScriptedProvider flaky = new ScriptedProvider("flaky").otherwise(fail(ErrorKind.UNAVAILABLE));
        ResilientChatProvider provider = chain(breakers, flaky);

        for (int i = 0; i < 3; i++) {
            call(provider, new RecordingListener());
        }
        ChatEvent.Failed refused = (ChatEvent.Failed) call(provider, new RecordingListener());

        assertThat(flaky.calls()).isEqualTo(3);
        assertThat(refused.error().kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(refused.error().getMessage()).contains("circuit open", "flaky");
        assertThat(breakers.states()).containsEntry("flaky", CircuitState.OPEN);
        assertThat(attempts.lines()).containsExactly("circuit flaky CLOSED -> OPEN");
    }

    @Test
    void an_open_circuit_skips_to_the_next_fallback_immediately() {
        CircuitBreakers breakers = breakers(CircuitBreakerConfig.builder().consecutiveFailures(1));
        ScriptedProvider primary = new ScriptedProvider("primary").then(fail(ErrorKind.NETWORK));
        ScriptedProvider backup = new ScriptedProvider("backup");
        ResilientChatProvider provider = chain(breakers, primary, backup);
        call(provider, new RecordingListener());

        RecordingListener listener = new RecordingListener();
        assertThat(call(provider, listener)).isInstanceOf(ChatEvent.Finished.class);

        assertThat(primary.calls()).isEqualTo(1);
        assertThat(backup.calls()).isEqualTo(2);
        assertThat(attempts.lines()).endsWith("fallback primary/m -> backup/m after UNAVAILABLE");
    }

    @Test
    void half_open_lets_one_trial_through_and_a_success_closes_the_circuit() {
        CircuitBreakers breakers = breakers(CircuitBreakerConfig.builder().consecutiveFailures(2));
        ScriptedProvider flaky = new ScriptedProvider("flaky").then(fail(ErrorKind.UNAVAILABLE),
                fail(ErrorKind.UNAVAILABLE), answer("back"));
        ResilientChatProvider provider = chain(breakers, flaky);
        call(provider, new RecordingListener());
        call(provider, new RecordingListener());

        clock.advance(OPEN_FOR.minusSeconds(1));
        assertThat(call(provider, new RecordingListener())).isInstanceOf(ChatEvent.Failed.class);
        assertThat(flaky.calls()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        RecordingListener trial = new RecordingListener();
        assertThat(call(provider, trial)).isInstanceOf(ChatEvent.Finished.class);
        assertThat(trial.text()).isEqualTo("back");
        assertThat(breakers.states()).containsEntry("flaky", CircuitState.CLOSED);
        assertThat(attempts.lines()).containsExactly("circuit flaky CLOSED -> OPEN",
                "circuit flaky OPEN -> HALF_OPEN", "circuit flaky HALF_OPEN -> CLOSED");
    }

    @Test
    void a_failed_trial_opens_the_circuit_again() {
        CircuitBreakers breakers = breakers(CircuitBreakerConfig.builder().consecutiveFailures(1));
        ScriptedProvider flaky = new ScriptedProvider("flaky").otherwise(fail(ErrorKind.UNAVAILABLE));
        ResilientChatProvider provider = chain(breakers, flaky);
        call(provider, new RecordingListener());
        clock.advance(OPEN_FOR);

        call(provider, new RecordingListener());
        call(provider, new RecordingListener());

        assertThat(flaky.calls()).isEqualTo(2);
        assertThat(attempts.lines()).containsExactly("circuit flaky CLOSED -> OPEN",
                "circuit flaky OPEN -> HALF_OPEN", "circuit flaky HALF_OPEN -> OPEN");
    }

    @Test
    void half_open_allows_a_single_trial_at_a_time() {
        CircuitBreaker breaker = breakers(CircuitBreakerConfig.builder().consecutiveFailures(1))
                .forProvider("p");
        breaker.tryAcquire().orElseThrow().failure();
        clock.advance(OPEN_FOR);

        CircuitBreaker.Permit trial = breaker.tryAcquire().orElseThrow();
        assertThat(trial.trial()).isTrue();
        assertThat(breaker.tryAcquire()).isEmpty();

        trial.release();
        assertThat(breaker.tryAcquire()).isPresent();
    }

    @Test
    void opens_when_the_failure_rate_of_the_window_reaches_the_threshold() {
        CircuitBreaker breaker = breakers(CircuitBreakerConfig.builder().consecutiveFailures(100)
                .windowSize(10).minimumCalls(4).failureRateThreshold(0.5)).forProvider("p");

        breaker.tryAcquire().orElseThrow().failure();
        breaker.tryAcquire().orElseThrow().success();
        breaker.tryAcquire().orElseThrow().failure();
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        breaker.tryAcquire().orElseThrow().success();
        assertThat(breaker.state()).as("2 of 4 failed but the last call succeeded").isEqualTo(CircuitState.CLOSED);
        breaker.tryAcquire().orElseThrow().failure();

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void failures_that_do_not_say_the_provider_is_unwell_are_not_counted() {
        CircuitBreakers breakers = breakers(CircuitBreakerConfig.builder().consecutiveFailures(1));
        ScriptedProvider strict = new ScriptedProvider("strict").otherwise(fail(ErrorKind.BAD_REQUEST));
        ResilientChatProvider provider = chain(breakers, strict);

        call(provider, new RecordingListener());
        call(provider, new RecordingListener());

        assertThat(strict.calls()).isEqualTo(2);
        assertThat(breakers.states()).containsEntry("strict", CircuitState.CLOSED);
    }
}
