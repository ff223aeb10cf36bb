package org.aistudio.core.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.fixtures.upstream.FakeGemini;
import org.aistudio.fixtures.upstream.Script;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the Gemini adapter fails: every upstream fault ends in one typed terminal event. */
class GeminiFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ChatRequest REQUEST = ChatRequest.of("gemini-2.5-flash", ChatMessage.user("Say hello"));

    private static FakeGemini fake;
    private static GeminiProvider provider;

    @BeforeAll
    static void start() {
        fake = FakeGemini.start();
        provider = GeminiProvider.create(GeminiConfig.builder().baseUrl(fake.baseUrl()).apiKey(fake.apiKey()).build());
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({"429,RATE_LIMITED", "500,UNAVAILABLE", "503,UNAVAILABLE", "504,UNAVAILABLE"})
    void server_trouble_and_rate_limits_fail_as_retriable(int status, ErrorKind kind) {
        fake.enqueue(Script.status(status).errorMessage("try later"));

        ProviderException error = failure(run());
        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.retriable()).isTrue();
        assertThat(error.httpStatus()).isEqualTo(status);
        assertThat(error.getMessage()).contains("HTTP " + status).contains("try later");
    }

    @Test
    void a_rate_limit_carries_the_retry_delay() {
        fake.enqueue(Script.status(429).retryAfter(7));

        ProviderException error = failure(run());
        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.retryAfter()).hasValue(Duration.ofSeconds(7));
    }

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({"400,BAD_REQUEST", "401,AUTHENTICATION", "403,PERMISSION", "404,NOT_FOUND"})
    void client_errors_fail_as_not_retriable_with_googles_message(int status, ErrorKind kind) {
        fake.defaultScript(Script.status(status).errorMessage("Google says no"));

        ProviderException error = failure(run());
        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).contains("Google says no");
        assertThat(fake.requests()).as("only a refused key earns one more try, after a refresh")
                .hasSize(status == 401 ? 2 : 1);
    }

    @Test
    void an_error_inside_the_stream_after_text_fails_with_the_partial_text() {
        fake.enqueue(Script.stream("Partial", " text", " lost").failAfter(2, "UNAVAILABLE", "The model is overloaded."));

        RecordingListener listener = run();
        ProviderException error = failure(listener);
        assertThat(listener.text()).isEqualTo("Partial text");
        assertThat(error.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(error.getMessage()).contains("The model is overloaded.");
    }

    @Test
    void a_malformed_chunk_fails_as_malformed_with_the_text_before_it() {
        fake.enqueue(Script.stream("Good", " then", " bad").malformedChunkAfter(1));

        RecordingListener listener = run();
        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(listener.text()).isEqualTo("Good");
        assertThat(listener.terminalCount()).isEqualTo(1);
    }

    @Test
    void a_disconnect_before_the_first_token_is_a_retriable_network_error() {
        fake.enqueue(Script.stream("never").disconnectAfter(0));

        RecordingListener listener = run();
        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(failure(listener).retriable()).isTrue();
        assertThat(listener.text()).isEmpty();
    }

    @Test
    void a_mid_stream_disconnect_fails_as_incomplete_with_the_partial_text() {
        fake.enqueue(Script.stream("Half", " an", " answer").disconnectAfter(2));

        RecordingListener listener = run();
        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(listener.text()).isEqualTo("Half an");
    }

    @Test
    void a_body_that_ends_cleanly_without_a_finish_reason_is_incomplete() {
        fake.enqueue(Script.stream("No", " end").endAfter(2));

        RecordingListener listener = run();
        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(listener.text()).isEqualTo("No end");
    }

    @Test
    void cancel_during_a_stall_before_the_first_token_closes_the_connection() {
        fake.enqueue(Script.stream("never").stallAfter(0));
        RecordingListener listener = new RecordingListener();
        StreamHandle handle = provider.stream(REQUEST, listener);
        assertThat(fake.awaitActiveStreams(1, WAIT)).isTrue();

        handle.cancel();

        assertThat(listener.awaitTerminal(WAIT)).isInstanceOf(ChatEvent.Cancelled.class);
        assertThat(fake.awaitClientDisconnect(WAIT)).isTrue();
        assertThat(listener.text()).isEmpty();
    }

    @Test
    void a_refused_connection_is_a_retriable_network_error() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GeminiProvider nowhere = GeminiProvider.create(GeminiConfig.builder()
                .baseUrl("http://127.0.0.1:" + closedPort).apiKey("k").build());

        ProviderException error = failure(run(nowhere, REQUEST));
        assertThat(error.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(error.retriable()).isTrue();
    }

    @Test
    void an_unknown_model_id_shape_is_refused_without_a_request() {
        ProviderException error = failure(run(provider, ChatRequest.of("../admin", ChatMessage.user("hi"))));

        assertThat(error.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(fake.requests()).isEmpty();
    }

    private static RecordingListener run() {
        return run(provider, REQUEST);
    }

    static RecordingListener run(GeminiProvider target, ChatRequest request) {
        RecordingListener listener = new RecordingListener();
        target.stream(request, listener);
        listener.awaitTerminal(WAIT);
        assertThat(listener.terminalCount()).isEqualTo(1);
        return listener;
    }

    static ProviderException failure(RecordingListener listener) {
        assertThat(listener.terminal()).isInstanceOf(ChatEvent.Failed.class);
        return ((ChatEvent.Failed) listener.terminal()).error();
    }
}
