package org.aistudio.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.Usage;
import org.aistudio.core.provider.http.StreamingHttp;
import org.aistudio.fixtures.upstream.FakeOpenAi;
import org.aistudio.fixtures.upstream.Script;
import org.aistudio.fixtures.upstream.TokenUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the OpenAI adapter sends and how it reads what comes back, seen through the fake. */
class OpenAiWireTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static FakeOpenAi fake;

    @BeforeAll
    static void start() {
        fake = FakeOpenAi.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }


    /** The client the adapter calls out on; a host runs these tests on its own. */
    protected StreamingHttp http() {
        return FakeOpenAiContractTest.JDK;
    }

    private OpenAiConfig.Builder config() {
        return OpenAiConfig.builder().baseUrl(fake.openAiBaseUrl()).http(http())
                .credentials(CredentialSource.of(Map.of("OPENAI_API_KEY", fake.apiKey())));
    }

    private RecordingListener run(OpenAiConfig config, ChatRequest request) {
        RecordingListener listener = new RecordingListener();
        new OpenAiChatProvider(config).stream(request, listener);
        listener.awaitTerminal(WAIT);
        return listener;
    }

    @Test
    void the_request_body_carries_the_options_and_asks_for_usage() {
        ChatRequest request = new ChatRequest("gpt-4o-mini",
                List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"), ChatMessage.assistant("Hello"),
                        ChatMessage.user("Again")),
                new ChatOptions(50, 0.3, 0.9, List.of("END", "STOP"), null));
        run(config().build(), request);

        JsonNode body = fake.lastRequest().json();
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("stop").toString()).isEqualTo("[\"END\",\"STOP\"]");
        assertThat(body.has("reasoning_effort")).isFalse();
        assertThat(body.path("messages").toString()).isEqualTo("[{\"content\":\"Be brief.\",\"role\":\"system\"},"
                + "{\"content\":\"Hi\",\"role\":\"user\"},{\"content\":\"Hello\",\"role\":\"assistant\"},"
                + "{\"content\":\"Again\",\"role\":\"user\"}]");
        assertThat(fake.lastRequest().header("Authorization")).contains("Bearer " + fake.apiKey());
    }

    @Test
    void reasoning_models_get_reasoning_effort_and_max_completion_tokens() {
        run(config().build(), new ChatRequest("o4-mini", List.of(ChatMessage.user("Think")),
                new ChatOptions(200, null, null, List.of(), "high")));

        JsonNode body = fake.lastRequest().json();
        assertThat(body.path("reasoning_effort").asText()).isEqualTo("high");
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(200);
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.has("temperature")).isFalse();
    }

    @Test
    void reasoning_content_streams_as_reasoning_and_reasoning_tokens_are_reported() {
        fake.enqueue(Script.stream("The answer", " is 4.").reasoning("Two and ", "two...")
                .usage(new TokenUsage(7, 2, 2)));
        RecordingListener listener = run(config().build(), ChatRequest.of("deepseek-reasoner",
                ChatMessage.user("2+2?")));

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(FinishReason.STOP));
        assertThat(listener.reasoning()).isEqualTo("Two and two...");
        assertThat(listener.text()).isEqualTo("The answer is 4.");
        assertThat(listener.events().get(0)).isInstanceOf(ChatEvent.ReasoningDelta.class);
        assertThat(listener.usage()).isEqualTo(new Usage(7, 4, 2));
    }

    @ParameterizedTest
    @CsvSource({"stop, STOP", "length, LENGTH", "content_filter, CONTENT_FILTER", "tool_calls, TOOL_CALLS"})
    void finish_reasons_map_to_the_common_ones(String upstream, FinishReason expected) {
        fake.enqueue(Script.stream("Some", " text").finishReason(upstream));
        RecordingListener listener = run(config().build(), ChatRequest.of("gpt-4o-mini", ChatMessage.user("Hi")));

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(expected));
        assertThat(listener.text()).isEqualTo("Some text");
    }

    @Test
    void a_missing_key_fails_at_once_naming_the_variable_without_calling_upstream() {
        RecordingListener listener = run(config().credentials(CredentialSource.none()).build(),
                ChatRequest.of("gpt-4o-mini", ChatMessage.user("Hi")));

        ChatEvent.Failed failed = (ChatEvent.Failed) listener.terminal();
        assertThat(failed.error().kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(failed.error().getMessage()).contains("OPENAI_API_KEY");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void error_messages_never_carry_the_key() {
        String wrong = "sk-wrong-secret-key-0123456789";
        RecordingListener listener = run(config().credentials(CredentialSource.of(Map.of("OPENAI_API_KEY", wrong)))
                .build(), ChatRequest.of("gpt-4o-mini", ChatMessage.user("Hi")));

        ChatEvent.Failed failed = (ChatEvent.Failed) listener.terminal();
        assertThat(failed.error().kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(failed.error().httpStatus()).isEqualTo(401);
        assertThat(failed.error().getMessage()).contains("Incorrect API key").doesNotContain(wrong)
                .doesNotContain("sk-wro");
    }

    @Test
    void an_unreachable_upstream_fails_as_a_retriable_network_error() {
        FakeOpenAi closed = FakeOpenAi.start();
        String url = closed.openAiBaseUrl();
        closed.close();

        RecordingListener listener = run(config().baseUrl(url).build(),
                ChatRequest.of("gpt-4o-mini", ChatMessage.user("Hi")));

        ChatEvent.Failed failed = (ChatEvent.Failed) listener.terminal();
        assertThat(failed.error().kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(failed.error().retriable()).isTrue();
    }

    @Test
    void extra_headers_are_sent_but_never_printed() {
        OpenAiConfig config = config().header("OpenAI-Project", "proj_secret_value").baseUrl(fake.openAiBaseUrl() + "/")
                .build();
        run(config, ChatRequest.of("gpt-4o-mini", ChatMessage.user("Hi")));

        assertThat(fake.lastRequest().header("OpenAI-Project")).contains("proj_secret_value");
        assertThat(fake.lastRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(config.toString()).contains("OpenAI-Project").doesNotContain("proj_secret_value");
    }
}
