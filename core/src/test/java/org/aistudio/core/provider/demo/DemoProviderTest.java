package org.aistudio.core.provider.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.StreamHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DemoProviderTest {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void stop() {
        SCHEDULER.shutdownNow();
    }

    @Test
    void streams_the_deterministic_answer_word_by_word() {
        ChatRequest request = ChatRequest.of("demo-1", ChatMessage.user("What is two and two?"));
        RecordingListener listener = new RecordingListener();
        new DemoProvider(SCHEDULER, Duration.ZERO).stream(request, listener);

        assertThat(listener.awaitTerminal(WAIT)).isEqualTo(new ChatEvent.Finished(FinishReason.STOP));
        assertThat(listener.text()).isEqualTo(DemoProvider.answerFor(request));
        assertThat(listener.text()).contains("What is two and two?");
        long deltas = listener.events().stream().filter(e -> e instanceof ChatEvent.TextDelta).count();
        assertThat(deltas).isEqualTo(DemoProvider.chunks(DemoProvider.answerFor(request)).size());
        assertThat(listener.usage().inputTokens()).isEqualTo(5);
        assertThat(listener.usage().outputTokens()).isEqualTo(deltas);
    }

    @Test
    void reasoning_effort_streams_reasoning_before_text() {
        ChatRequest request = new ChatRequest("demo-1", List.of(ChatMessage.user("hi")),
                new ChatOptions(null, null, null, null, "low"));
        RecordingListener listener = new RecordingListener();
        new DemoProvider(SCHEDULER, Duration.ZERO).stream(request, listener);

        listener.awaitTerminal(WAIT);
        assertThat(listener.reasoning()).isEqualTo(DemoProvider.reasoningFor(request));
        assertThat(listener.events().get(0)).isInstanceOf(ChatEvent.ReasoningDelta.class);
        assertThat(listener.usage().reasoningTokens()).isPositive();
    }

    @Test
    void max_tokens_cuts_the_answer_with_length() {
        ChatRequest request = new ChatRequest("demo-1", List.of(ChatMessage.user("hi")),
                ChatOptions.DEFAULTS.withMaxTokens(3));
        RecordingListener listener = new RecordingListener();
        new DemoProvider(SCHEDULER, Duration.ZERO).stream(request, listener);

        assertThat(listener.awaitTerminal(WAIT)).isEqualTo(new ChatEvent.Finished(FinishReason.LENGTH));
        assertThat(listener.text()).isEqualTo("Hello from the ");
    }

    @Test
    void cancel_stops_the_stream_with_one_cancelled_event() {
        ChatRequest request = ChatRequest.of("demo-1", ChatMessage.user("hi"));
        RecordingListener listener = new RecordingListener();
        StreamHandle handle = new DemoProvider(SCHEDULER, Duration.ofMillis(20)).stream(request, listener);
        listener.awaitFirstDelta(WAIT);

        handle.cancel();
        handle.cancel();

        assertThat(listener.awaitTerminal(WAIT)).isInstanceOf(ChatEvent.Cancelled.class);
        assertThat(listener.terminalCount()).isEqualTo(1);
        assertThat(listener.text().length()).isLessThan(DemoProvider.answerFor(request).length());
    }

    @Test
    void negative_delay_is_refused_with_a_clear_message() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DemoProvider(SCHEDULER, Duration.ofMillis(-1)))
                .hasMessageContaining("cannot be negative");
    }
}
