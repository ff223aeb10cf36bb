package org.aistudio.core.provider.bedrock;

import static org.aistudio.core.provider.bedrock.BedrockFakes.FAKE;
import static org.aistudio.core.provider.bedrock.BedrockFakes.PROVIDER;
import static org.aistudio.core.provider.bedrock.BedrockFakes.WAIT;
import static org.aistudio.core.provider.bedrock.BedrockFakes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.fixtures.upstream.Script;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the Bedrock adapter fails: every upstream fault ends in one typed terminal event. */
class BedrockFaultTest {

    private static final ChatRequest REQUEST = ChatRequest.of(BedrockFakes.MODEL, ChatMessage.user("Say hello"));

    @BeforeEach
    void reset() {
        FAKE.reset();
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource({"429,ThrottlingException,RATE_LIMITED", "429,ModelNotReadyException,UNAVAILABLE",
            "500,InternalServerException,UNAVAILABLE", "503,ServiceUnavailableException,UNAVAILABLE",
            "424,ModelErrorException,UNAVAILABLE"})
    void throttling_and_server_trouble_fail_as_retriable_without_sdk_retries(int status, String type, ErrorKind kind) {
        FAKE.defaultScript(Script.status(status).errorCode(type).errorMessage("try later"));

        ProviderException error = failure(run());
        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.retriable()).isTrue();
        assertThat(error.httpStatus()).isEqualTo(status);
        assertThat(error.getMessage()).contains(type).contains("try later");
        assertThat(FAKE.requests()).as("the resilience wrapper retries, not the SDK").hasSize(1);
    }

    @Test
    void throttling_carries_retry_after_when_the_upstream_sends_it() {
        FAKE.enqueue(Script.status(429).errorCode("ThrottlingException").retryAfter(3));

        ProviderException error = failure(run());
        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.retryAfter()).hasValue(Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource({"400,ValidationException,BAD_REQUEST", "403,AccessDeniedException,PERMISSION",
            "403,UnrecognizedClientException,AUTHENTICATION", "404,ResourceNotFoundException,NOT_FOUND"})
    void refusals_fail_as_not_retriable(int status, String type, ErrorKind kind) {
        FAKE.enqueue(Script.status(status).errorCode(type).errorMessage("Bedrock says no"));

        ProviderException error = failure(run());
        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).contains("Bedrock says no").doesNotContain("fake-secret-access-key");
    }

    @ParameterizedTest(name = "{0} after text is {1}")
    @CsvSource({"modelStreamErrorException,UNAVAILABLE", "throttlingException,RATE_LIMITED",
            "internalServerException,UNAVAILABLE", "validationException,BAD_REQUEST"})
    void an_exception_inside_the_stream_after_text_fails_with_the_partial_text(String type, ErrorKind kind) {
        FAKE.enqueue(Script.stream("Partial", " text", " lost").failAfter(2, type, "stream broke"));

        RecordingListener listener = run();
        ProviderException error = failure(listener);
        assertThat(listener.text()).isEqualTo("Partial text");
        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.getMessage()).contains("stream broke");
    }

    @Test
    void a_stream_error_before_the_first_token_is_retriable() {
        FAKE.enqueue(Script.stream("never").failAfter(0, "modelStreamErrorException", "model crashed"));

        RecordingListener listener = run();
        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(failure(listener).retriable()).isTrue();
        assertThat(listener.text()).isEmpty();
    }

    @Test
    void a_frame_with_a_broken_checksum_fails_as_malformed_with_the_text_before_it() {
        FAKE.enqueue(Script.stream("Good", " then", " bad").malformedChunkAfter(1));

        RecordingListener listener = run();
        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(listener.text()).isEqualTo("Good");
    }

    @Test
    void a_disconnect_before_the_first_token_is_a_retriable_network_error() {
        FAKE.enqueue(Script.stream("never").disconnectAfter(0));

        RecordingListener listener = run();
        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(failure(listener).retriable()).isTrue();
        assertThat(listener.text()).isEmpty();
    }

    @Test
    void a_mid_stream_disconnect_fails_as_incomplete_with_the_partial_text() {
        FAKE.enqueue(Script.stream("Half", " an", " answer").disconnectAfter(2));

        RecordingListener listener = run();
        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(listener.text()).isEqualTo("Half an");
    }

    @Test
    void a_stream_that_ends_without_message_stop_is_incomplete() {
        FAKE.enqueue(Script.stream("No", " end").endAfter(2));

        RecordingListener listener = run();
        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(listener.text()).isEqualTo("No end");
    }

    @Test
    void cancel_during_a_stall_before_the_first_token_closes_the_connection() {
        FAKE.enqueue(Script.stream("never").stallAfter(0));
        RecordingListener listener = new RecordingListener();
        StreamHandle handle = PROVIDER.stream(REQUEST, listener);
        assertThat(FAKE.awaitActiveStreams(1, WAIT)).isTrue();

        handle.cancel();

        assertThat(listener.awaitTerminal(WAIT)).isInstanceOf(ChatEvent.Cancelled.class);
        assertThat(FAKE.awaitClientDisconnect(WAIT)).isTrue();
        assertThat(listener.terminalCount()).isEqualTo(1);
    }

    @Test
    void a_refused_connection_is_a_retriable_network_error() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (BedrockProvider nowhere = BedrockFakes.providerFor("http://127.0.0.1:" + closedPort)) {
            ProviderException error = failure(BedrockFakes.run(nowhere, REQUEST));
            assertThat(error.kind()).isEqualTo(ErrorKind.NETWORK);
            assertThat(error.retriable()).isTrue();
        }
    }

    private static RecordingListener run() {
        return BedrockFakes.run(PROVIDER, REQUEST);
    }
}
