package org.aistudio.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ChatProvider} promises. Each adapter's test extends this class and
 * says how to script its upstream (a fake server speaking the provider's wire format, or the real
 * provider when a key is in the environment, in which case scripting is not possible and the
 * fault cases are skipped through {@link #scriptable()}).
 */
public abstract class AbstractChatProviderContractTest {

    protected static final Duration WAIT = Duration.ofSeconds(10);

    /** The provider under test, pointed at its upstream. */
    protected abstract ChatProvider provider();

    /** The provider model id to ask for. */
    protected abstract String model();

    /** Whether the upstream can be scripted (false against a real provider). */
    protected boolean scriptable() {
        return true;
    }

    /** Makes the next call stream these text chunks, then report this usage and finish normally. */
    protected abstract void scriptAnswer(List<String> chunks, Usage usage);

    /** Makes the next call fail with this HTTP status before streaming. */
    protected abstract void scriptStatus(int status);

    /** Makes the next call stream {@code chunks} and then drop the connection without a terminal event. */
    protected abstract void scriptDisconnectAfter(List<String> chunks);

    /** Makes the next call stream {@code chunks} and then stall, keeping the connection open. */
    protected abstract void scriptStallAfter(List<String> chunks);

    /** Waits until the upstream observed the client closing the connection. */
    protected abstract void awaitUpstreamSawDisconnect(Duration timeout);

    protected ChatRequest request() {
        return ChatRequest.of(model(), ChatMessage.user("Say hello"));
    }

    @Test
    void streams_text_then_usage_then_exactly_one_finish() {
        if (scriptable()) {
            scriptAnswer(List.of("Hel", "lo", " world"), new Usage(5, 3, 0));
        }
        RecordingListener listener = new RecordingListener();
        provider().stream(request(), listener);

        ChatEvent terminal = listener.awaitTerminal(WAIT);
        assertThat(terminal).isInstanceOf(ChatEvent.Finished.class);
        assertThat(listener.terminalCount()).isEqualTo(1);
        assertThat(listener.events().get(listener.events().size() - 1)).isSameAs(terminal);
        if (scriptable()) {
            assertThat(listener.text()).isEqualTo("Hello world");
            assertThat(listener.usage()).isEqualTo(new Usage(5, 3, 0));
        } else {
            assertThat(listener.text()).isNotBlank();
            assertThat(listener.usage()).isNotNull();
        }
    }

    @Test
    void rate_limit_before_streaming_fails_as_retriable() {
        assumeTrue(scriptable());
        scriptStatus(429);
        RecordingListener listener = new RecordingListener();
        provider().stream(request(), listener);

        ChatEvent.Failed failed = (ChatEvent.Failed) listener.awaitTerminal(WAIT);
        assertThat(failed.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(failed.error().retriable()).isTrue();
        assertThat(listener.text()).isEmpty();
    }

    @Test
    void bad_request_fails_as_not_retriable() {
        assumeTrue(scriptable());
        scriptStatus(400);
        RecordingListener listener = new RecordingListener();
        provider().stream(request(), listener);

        ChatEvent.Failed failed = (ChatEvent.Failed) listener.awaitTerminal(WAIT);
        assertThat(failed.error().kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(failed.error().retriable()).isFalse();
    }

    @Test
    void a_stream_cut_without_terminal_event_is_a_failure_not_a_finish() {
        assumeTrue(scriptable());
        scriptDisconnectAfter(List.of("Partial", " answer"));
        RecordingListener listener = new RecordingListener();
        provider().stream(request(), listener);

        ChatEvent terminal = listener.awaitTerminal(WAIT);
        assertThat(terminal).isInstanceOf(ChatEvent.Failed.class);
        assertThat(listener.text()).isEqualTo("Partial answer");
        assertThat(listener.terminalCount()).isEqualTo(1);
    }

    @Test
    void cancel_ends_with_cancelled_and_closes_the_upstream_connection() {
        assumeTrue(scriptable());
        scriptStallAfter(List.of("Thinking"));
        RecordingListener listener = new RecordingListener();
        StreamHandle handle = provider().stream(request(), listener);
        listener.awaitFirstDelta(WAIT);

        handle.cancel();
        handle.cancel();

        assertThat(listener.awaitTerminal(WAIT)).isInstanceOf(ChatEvent.Cancelled.class);
        assertThat(listener.terminalCount()).isEqualTo(1);
        awaitUpstreamSawDisconnect(WAIT);
    }
}
