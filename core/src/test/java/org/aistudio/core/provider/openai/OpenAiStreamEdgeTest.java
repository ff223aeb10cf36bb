package org.aistudio.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.Usage;
import org.aistudio.core.provider.http.StreamingHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact event streams that the scripted fake does not produce: framing variants, truncation,
 * {@code [DONE]} on a connection the upstream keeps open, error events and non-SSE answers.
 */
class OpenAiStreamEdgeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ROLE = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":"
            + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
    private static final String FINISH = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":"
            + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    private static final String USAGE = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    private static HttpServer server;
    private static ExecutorService executor;
    private static volatile Answer answer;

    /** What the server answers: a status, a content type, the writes (each flushed), then maybe a hold. */
    private record Answer(int status, String contentType, List<String> writes, boolean holdOpen,
                          CountDownLatch clientLeft) {
        static Answer stream(String... writes) {
            return new Answer(200, "text/event-stream", List.of(writes), false, new CountDownLatch(1));
        }
    }

    @BeforeAll
    static void start() throws IOException {
        executor = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", OpenAiStreamEdgeTest::handle);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        Answer a = answer;
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", a.contentType());
        exchange.sendResponseHeaders(a.status(), 0);
        OutputStream out = exchange.getResponseBody();
        try {
            for (String write : a.writes()) {
                out.write(write.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            while (a.holdOpen()) {
                // Keep-alive comments find out when the client has gone.
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (a.clientLeft().await(20, TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
            exchange.close();
        } catch (IOException e) {
            a.clientLeft().countDown();
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    /** The client the adapter calls out on; a host runs these tests on its own. */
    protected StreamingHttp http() {
        return FakeOpenAiContractTest.JDK;
    }

    private RecordingListener run(Answer next) {
        answer = next;
        RecordingListener listener = new RecordingListener();
        OpenAiChatProvider provider = new OpenAiChatProvider(OpenAiConfig.builder()
                .baseUrl("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/v1")
                .credentials(CredentialSource.of(Map.of(OpenAiConfig.DEFAULT_CREDENTIAL_NAME, "sk-edge-key")))
                .http(http()).build());
        provider.stream(ChatRequest.of("gpt-4o-mini", ChatMessage.user("Hi")), listener);
        listener.awaitTerminal(WAIT);
        return listener;
    }

    private static ProviderException failure(RecordingListener listener) {
        assertThat(listener.terminal()).isInstanceOf(ChatEvent.Failed.class);
        assertThat(listener.terminalCount()).isEqualTo(1);
        return ((ChatEvent.Failed) listener.terminal()).error();
    }

    @Test
    void crlf_keep_alives_data_without_a_space_and_events_split_across_writes_still_read_whole() {
        RecordingListener listener = run(Answer.stream(": connected\r\n\r\n", ROLE.replace("\n", "\r\n"),
                "da", "ta:{\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"caf\u00e9 \u20ac",
                "\"}}]}\r", "\n\r\n", ": keep-alive\n\n", FINISH, USAGE, DONE));

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(FinishReason.STOP));
        assertThat(listener.text()).isEqualTo("caf\u00e9 \u20ac");
        assertThat(listener.usage()).isEqualTo(new Usage(3, 2, 0));
    }

    @Test
    void a_final_line_without_newline_is_a_truncated_stream_even_after_a_finish_reason() {
        RecordingListener listener = run(Answer.stream(ROLE, text("Partial"), FINISH,
                "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":3}}"));

        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(listener.text()).isEqualTo("Partial");
    }

    @Test
    void done_without_a_finish_reason_is_incomplete() {
        RecordingListener listener = run(Answer.stream(ROLE, text("Partial"), DONE));

        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(listener.text()).isEqualTo("Partial");
    }

    @Test
    void a_finish_reason_then_a_clean_end_without_done_finishes() {
        RecordingListener listener = run(Answer.stream(ROLE, text("Whole"), FINISH));

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(FinishReason.STOP));
        assertThat(listener.text()).isEqualTo("Whole");
    }

    @Test
    void done_finishes_at_once_and_a_connection_the_upstream_keeps_open_is_closed_later() throws InterruptedException {
        Answer held = new Answer(200, "text/event-stream", List.of(ROLE, text("Done"), FINISH, USAGE, DONE), true,
                new CountDownLatch(1));

        RecordingListener listener = run(held);

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(FinishReason.STOP));
        assertThat(listener.text()).isEqualTo("Done");
        assertThat(held.clientLeft().await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .as("the connection is closed once the end of the body is overdue").isTrue();
        assertThat(listener.terminalCount()).isEqualTo(1);
    }

    @Test
    void an_error_event_mid_stream_fails_as_unavailable_after_the_partial_text() {
        RecordingListener listener = run(Answer.stream(ROLE, text("Good"),
                "event: error\ndata: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n", DONE));

        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(listener.text()).isEqualTo("Good");
    }

    @Test
    void a_json_answer_instead_of_an_event_stream_is_never_a_finish() {
        RecordingListener listener = run(new Answer(200, "application/json",
                List.of("{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}"),
                false, new CountDownLatch(1)));

        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.INCOMPLETE);
    }

    @Test
    void an_error_answer_larger_than_what_is_read_keeps_its_status() {
        String huge = "{\"error\":{\"message\":\"" + "x".repeat(200_000) + "\"}}";
        RecordingListener listener = run(new Answer(503, "application/json", List.of(huge), false,
                new CountDownLatch(1)));

        ProviderException error = failure(listener);
        assertThat(error.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(error.httpStatus()).isEqualTo(503);
    }

    private static String text(String text) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }
}
