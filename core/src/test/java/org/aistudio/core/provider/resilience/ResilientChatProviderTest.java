package org.aistudio.core.provider.resilience;

import static org.aistudio.core.provider.resilience.ScriptedProvider.answer;
import static org.aistudio.core.provider.resilience.ScriptedProvider.fail;
import static org.aistudio.core.provider.resilience.ScriptedProvider.failWithRetryAfter;
import static org.aistudio.core.provider.resilience.ScriptedProvider.hang;
import static org.aistudio.core.provider.resilience.ScriptedProvider.textThenFail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.StreamHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilientChatProviderTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** nextDouble() of this generator is exactly 0.5. */
    private static final RandomGenerator HALF = () -> Long.MIN_VALUE;
    private static final ChatRequest REQUEST = ChatRequest.of("model-a", ChatMessage.user("hi"));

    private final RecordingScheduler scheduler = RecordingScheduler.immediate();
    private final RecordingAttemptListener attempts = new RecordingAttemptListener();
    private final CircuitBreakers breakers = new CircuitBreakers(CircuitBreakerConfig.builder()
            .consecutiveFailures(100).build(), attempts);
    private final RetryPolicy policy = RetryPolicy.builder()
            .initialDelay(Duration.ofMillis(100)).multiplier(2).maxDelay(Duration.ofMillis(300)).maxAttempts(4)
            .maxRetryAfter(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private ResilientChatProvider.Builder resilient() {
        return ResilientChatProvider.builder().retryPolicy(policy).circuitBreakers(breakers)
                .scheduler(scheduler).random(HALF).listener(attempts);
    }

    @Test
    void a_retriable_failure_before_the_first_delta_is_retried_then_streams() {
        ScriptedProvider primary = new ScriptedProvider("p").then(fail(ErrorKind.UNAVAILABLE), fail(ErrorKind.NETWORK),
                answer("Hel", "lo"));
        RecordingListener listener = new RecordingListener();
        resilient().target(primary).build().stream(REQUEST, listener);

        assertThat(listener.awaitTerminal(WAIT)).isEqualTo(new ChatEvent.Finished(FinishReason.STOP));
        assertThat(listener.text()).isEqualTo("Hello");
        assertThat(listener.terminalCount()).isEqualTo(1);
        assertThat(primary.models()).containsExactly("model-a", "model-a", "model-a");
        assertThat(attempts.lines()).containsExactly(
                "retry p/model-a #2 after UNAVAILABLE", "retry p/model-a #3 after NETWORK");
    }

    @Test
    void backoff_grows_exponentially_with_full_jitter_up_to_the_maximum() {
        ScriptedProvider primary = new ScriptedProvider("p").otherwise(fail(ErrorKind.UNAVAILABLE));
        RecordingListener listener = new RecordingListener();
        resilient().target(primary).build().stream(REQUEST, listener);

        ChatEvent.Failed failed = (ChatEvent.Failed) listener.awaitTerminal(WAIT);
        assertThat(failed.error().kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(primary.calls()).isEqualTo(4);
        // Ceilings 100, 200, 300 (capped) ms; the jitter draws half of each.
        assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofMillis(150));
    }

    @Test
    void a_dropped_connection_is_retried_at_once_and_only_the_next_failure_backs_off() {
        ScriptedProvider primary = new ScriptedProvider("p").otherwise(fail(ErrorKind.NETWORK));
        RecordingListener listener = new RecordingListener();
        resilient().target(primary).build().stream(REQUEST, listener);

        assertThat(((ChatEvent.Failed) listener.awaitTerminal(WAIT)).error().kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(primary.calls()).isEqualTo(4);
        assertThat(scheduler.delays()).containsExactly(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(150));
    }

    @Test
    void retry_after_is_honoured_and_capped() {
        ScriptedProvider primary = new ScriptedProvider("p").then(failWithRetryAfter(Duration.ofSeconds(2)),
                failWithRetryAfter(Duration.ofMinutes(5)), answer("ok"));
        RecordingListener listener = new RecordingListener();
        resilient().target(primary).build().stream(REQUEST, listener);

        assertThat(listener.awaitTerminal(WAIT)).isInstanceOf(ChatEvent.Finished.class);
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(attempts.retryDelays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void a_non_retriable_failure_ends_the_stream_at_once_without_retry_or_fallback() {
        ScriptedProvider primary = new ScriptedProvider("p").then(fail(ErrorKind.CONTENT_FILTER));
        ScriptedProvider backup = new ScriptedProvider("b");
        RecordingListener listener = new RecordingListener();
        resilient().target(primary).target(backup, "model-b").build().stream(REQUEST, listener);

        ChatEvent.Failed failed = (ChatEvent.Failed) listener.awaitTerminal(WAIT);
        assertThat(failed.error().kind()).isEqualTo(ErrorKind.CONTENT_FILTER);
        assertThat(primary.calls()).isEqualTo(1);
        assertThat(backup.calls()).isZero();
        assertThat(attempts.lines()).isEmpty();
    }

    @Test
    void a_failure_after_the_first_delta_passes_through_with_the_partial_text() {
        ScriptedProvider primary = new ScriptedProvider("p").then(textThenFail("Partial", ErrorKind.NETWORK));
        ScriptedProvider backup = new ScriptedProvider("b");
        RecordingListener listener = new RecordingListener();
        resilient().target(primary).target(backup, "model-b").build().stream(REQUEST, listener);

        ChatEvent.Failed failed = (ChatEvent.Failed) listener.awaitTerminal(WAIT);
        assertThat(failed.error().kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(listener.text()).isEqualTo("Partial");
        assertThat(listener.terminalCount()).isEqualTo(1);
        assertThat(primary.calls()).isEqualTo(1);
        assertThat(backup.calls()).isZero();
    }

    @Test
    void exhausted_retries_fall_back_to_the_next_target_in_order() {
        ScriptedProvider primary = new ScriptedProvider("p").otherwise(fail(ErrorKind.RATE_LIMITED));
        ScriptedProvider second = new ScriptedProvider("s").otherwise(fail(ErrorKind.UNAVAILABLE));
        ScriptedProvider third = new ScriptedProvider("t").then(answer("from third"));
        RecordingListener listener = new RecordingListener();
        ResilientChatProvider provider = resilient().retryPolicy(RetryPolicy.builder().maxAttempts(2)
                        .initialDelay(Duration.ofMillis(1)).build())
                .target(primary).target(second, "model-s").target(third, "model-t").build();
        provider.stream(REQUEST, listener);

        assertThat(listener.awaitTerminal(WAIT)).isInstanceOf(ChatEvent.Finished.class);
        assertThat(listener.text()).isEqualTo("from third");
        assertThat(primary.models()).containsExactly("model-a", "model-a");
        assertThat(second.models()).containsExactly("model-s", "model-s");
        assertThat(third.models()).containsExactly("model-t");
        assertThat(attempts.lines()).containsExactly(
                "retry p/model-a #2 after RATE_LIMITED",
                "fallback p/model-a -> s/model-s after RATE_LIMITED",
                "retry s/model-s #2 after UNAVAILABLE",
                "fallback s/model-s -> t/model-t after UNAVAILABLE");
        assertThat(provider.name()).isEqualTo("p");
    }

    @Test
    void the_last_targets_error_ends_the_stream_when_every_target_failed() {
        ScriptedProvider primary = new ScriptedProvider("p").otherwise(fail(ErrorKind.UNAVAILABLE));
        ScriptedProvider second = new ScriptedProvider("s").otherwise(fail(ErrorKind.NETWORK));
        RecordingListener listener = new RecordingListener();
        resilient().retryPolicy(RetryPolicy.NO_RETRIES).target(primary).target(second, "m").build()
                .stream(REQUEST, listener);

        ChatEvent.Failed failed = (ChatEvent.Failed) listener.awaitTerminal(WAIT);
        assertThat(failed.error().kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(listener.terminalCount()).isEqualTo(1);
    }

    @Test
    void cancel_during_backoff_stops_the_pending_retry() {
        RecordingScheduler slow = RecordingScheduler.real();
        try {
            ScriptedProvider primary = new ScriptedProvider("p").then(failWithRetryAfter(Duration.ofHours(1)));
            RecordingListener listener = new RecordingListener();
            StreamHandle handle = resilient().scheduler(slow)
                    .retryPolicy(RetryPolicy.builder().maxRetryAfter(Duration.ofHours(1)).build())
                    .target(primary).build().stream(REQUEST, listener);
            await().atMost(WAIT).until(() -> slow.futures().size() == 1);

            handle.cancel();
            handle.cancel();

            assertThat(listener.awaitTerminal(WAIT)).isInstanceOf(ChatEvent.Cancelled.class);
            assertThat(listener.terminalCount()).isEqualTo(1);
            assertThat(slow.futures().get(0).isCancelled()).isTrue();
            assertThat(primary.calls()).isEqualTo(1);
        } finally {
            slow.shutdownNow();
        }
    }

    @Test
    void cancel_reaches_the_current_attempt_after_a_retry() {
        ScriptedProvider primary = new ScriptedProvider("p").then(fail(ErrorKind.UNAVAILABLE), hang());
        RecordingListener listener = new RecordingListener();
        StreamHandle handle = resilient().target(primary).build().stream(REQUEST, listener);
        listener.awaitFirstDelta(WAIT);

        handle.cancel();

        assertThat(listener.awaitTerminal(WAIT)).isInstanceOf(ChatEvent.Cancelled.class);
        await().atMost(WAIT).until(() -> primary.cancels() == 1);
        assertThat(listener.terminalCount()).isEqualTo(1);
    }

    @Test
    void a_target_without_its_own_model_asks_for_the_requests_model() {
        ScriptedProvider primary = new ScriptedProvider("p").then(fail(ErrorKind.UNAVAILABLE));
        ScriptedProvider backup = new ScriptedProvider("b");
        RecordingListener listener = new RecordingListener();
        resilient().retryPolicy(RetryPolicy.NO_RETRIES).target(primary, "pinned").target(backup).build()
                .stream(REQUEST, listener);

        listener.awaitTerminal(WAIT);
        assertThat(primary.models()).containsExactly("pinned");
        assertThat(backup.models()).containsExactly("model-a");
    }
}
