package org.aistudio.core.provider.gemini;

import static org.aistudio.core.provider.gemini.GeminiFaultTest.failure;
import static org.aistudio.core.provider.gemini.GeminiFaultTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.Usage;
import org.aistudio.fixtures.upstream.FakeGemini;
import org.aistudio.fixtures.upstream.RecordedRequest;
import org.aistudio.fixtures.upstream.Script;
import org.aistudio.fixtures.upstream.TokenUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the Gemini adapter sends and how it reads Gemini's answers, over the wire of {@link FakeGemini}. */
class GeminiProviderTest {

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

    @Test
    void the_request_carries_the_key_in_a_header_and_the_mapped_options() {
        fake.enqueue(Script.stream("ok"));
        ChatRequest request = new ChatRequest("gemini-2.5-pro", List.of(ChatMessage.system("Be brief."),
                ChatMessage.user("Hi"), ChatMessage.assistant("Hello"), ChatMessage.user("Bye")),
                new ChatOptions(128, 0.2, 0.7, List.of("STOP!"), "high"));

        run(provider, request);

        RecordedRequest sent = fake.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-pro:streamGenerateContent");
        assertThat(sent.queryParam("alt")).hasValue("sse");
        assertThat(sent.queryParam("key")).isEmpty();
        assertThat(sent.header("x-goog-api-key")).hasValue(fake.apiKey());
        JsonNode json = sent.json();
        assertThat(json.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(json.at("/contents").findValuesAsText("role")).containsExactly("user", "model", "user");
        JsonNode config = json.get("generationConfig");
        assertThat(config.get("maxOutputTokens").asInt()).isEqualTo(128);
        assertThat(config.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(config.get("topP").asDouble()).isEqualTo(0.7);
        assertThat(config.at("/stopSequences/0").asText()).isEqualTo("STOP!");
        assertThat(config.at("/thinkingConfig/includeThoughts").asBoolean()).isTrue();
        assertThat(config.at("/thinkingConfig/thinkingBudget").asInt()).isEqualTo(GeminiConfig.DEFAULT_THINKING_BUDGET_HIGH);
    }

    @Test
    void thought_parts_stream_as_reasoning_and_count_in_the_output() {
        fake.enqueue(Script.stream("Hi", " there").reasoning("Let me", " think").usage(new TokenUsage(7, 2, 5)));

        RecordingListener listener = run(provider, REQUEST);

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(FinishReason.STOP));
        assertThat(listener.reasoning()).isEqualTo("Let me think");
        assertThat(listener.text()).isEqualTo("Hi there");
        assertThat(listener.events().get(0)).isInstanceOf(ChatEvent.ReasoningDelta.class);
        assertThat(listener.usage()).isEqualTo(new Usage(7, 7, 5));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"MAX_TOKENS,LENGTH", "SAFETY,CONTENT_FILTER", "RECITATION,CONTENT_FILTER", "PROHIBITED_CONTENT,CONTENT_FILTER"})
    void finish_reasons_reach_the_listener(String geminiReason, FinishReason expected) {
        fake.enqueue(Script.stream("Some", " text").finishReason(geminiReason));

        RecordingListener listener = run(provider, REQUEST);

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(expected));
        assertThat(listener.text()).isEqualTo("Some text");
    }

    @Test
    void a_blocked_prompt_fails_as_content_filter() {
        fake.enqueue(Script.promptBlocked().errorCode("PROHIBITED_CONTENT"));

        RecordingListener listener = run(provider, REQUEST);

        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.CONTENT_FILTER);
        assertThat(failure(listener).getMessage()).contains("PROHIBITED_CONTENT");
        assertThat(listener.text()).isEmpty();
    }

    @Test
    void a_wrong_key_is_an_authentication_failure_that_never_echoes_the_key() {
        GeminiProvider wrongKey = GeminiProvider.create(GeminiConfig.builder().baseUrl(fake.baseUrl())
                .apiKey("AIza-wrong-key-123").build());

        RecordingListener listener = run(wrongKey, REQUEST);

        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(failure(listener).getMessage()).doesNotContain("AIza-wrong-key-123");
        assertThat(fake.requests()).as("one attempt, one more after refreshing the key").hasSize(2);
    }

    @Test
    void a_rotated_key_is_picked_up_after_one_refusal() {
        RotatingKey keys = new RotatingKey("AIza-old-key", fake.apiKey());
        GeminiProvider rotating = GeminiProvider.create(GeminiConfig.builder().baseUrl(fake.baseUrl())
                .credentials(keys).build());
        fake.enqueue(Script.stream("Fresh", " key"));

        RecordingListener listener = run(rotating, REQUEST);

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(FinishReason.STOP));
        assertThat(listener.text()).isEqualTo("Fresh key");
        assertThat(keys.refreshes.get()).isEqualTo(1);
        assertThat(fake.requests()).extracting(r -> r.header("x-goog-api-key").orElseThrow())
                .containsExactly("AIza-old-key", fake.apiKey());
    }

    @Test
    void a_missing_key_fails_without_calling_google() {
        GeminiProvider keyless = GeminiProvider.create(GeminiConfig.builder().baseUrl(fake.baseUrl())
                .credentials(CredentialSource.none()).build());

        RecordingListener listener = run(keyless, REQUEST);

        assertThat(failure(listener).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(failure(listener).getMessage()).contains("GOOGLE_API_KEY");
        assertThat(fake.requests()).isEmpty();
    }

    /** A secret store whose value changes when it is refreshed. */
    private static final class RotatingKey implements CredentialSource {
        private final String before;
        private final String after;
        private final AtomicInteger refreshes = new AtomicInteger();

        RotatingKey(String before, String after) {
            this.before = before;
            this.after = after;
        }

        @Override
        public Optional<String> get(String name) {
            return Optional.of(refreshes.get() == 0 ? before : after);
        }

        @Override
        public void refresh() {
            refreshes.incrementAndGet();
        }
    }
}
