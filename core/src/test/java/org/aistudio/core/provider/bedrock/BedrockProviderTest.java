package org.aistudio.core.provider.bedrock;

import static org.aistudio.core.provider.bedrock.BedrockFakes.FAKE;
import static org.aistudio.core.provider.bedrock.BedrockFakes.PROVIDER;
import static org.aistudio.core.provider.bedrock.BedrockFakes.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.Usage;
import org.aistudio.fixtures.upstream.RecordedRequest;
import org.aistudio.fixtures.upstream.Script;
import org.aistudio.fixtures.upstream.TokenUsage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the Bedrock adapter sends and how it reads ConverseStream, over FakeBedrock's event stream. */
class BedrockProviderTest {

    private static final ChatRequest REQUEST = ChatRequest.of(BedrockFakes.MODEL, ChatMessage.user("Say hello"));

    @BeforeEach
    void reset() {
        FAKE.reset();
    }

    @Test
    void the_signed_request_carries_system_messages_and_the_mapped_options() {
        FAKE.enqueue(Script.stream("ok"));
        ChatRequest request = new ChatRequest("amazon.nova-pro-v1:0", List.of(ChatMessage.system("Be brief."),
                ChatMessage.user("Hi"), ChatMessage.assistant("Hello"), ChatMessage.user("Bye")),
                new ChatOptions(256, 0.3, 0.8, List.of("END"), null));

        run(PROVIDER, request);

        RecordedRequest sent = FAKE.lastRequest();
        assertThat(sent.path()).isEqualTo("/model/amazon.nova-pro-v1:0/converse-stream");
        assertThat(sent.header("Authorization")).hasValueSatisfying(auth -> assertThat(auth)
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDFAKEBEDROCKTEST/").contains("/eu-west-1/bedrock/")
                .doesNotContain("fake-secret-access-key"));
        JsonNode json = sent.json();
        assertThat(json.at("/system/0/text").asText()).isEqualTo("Be brief.");
        assertThat(json.get("messages").findValuesAsText("role")).containsExactly("user", "assistant", "user");
        assertThat(json.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(256);
        assertThat(json.at("/inferenceConfig/temperature").asDouble()).isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(json.at("/inferenceConfig/topP").asDouble()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(json.at("/inferenceConfig/stopSequences/0").asText()).isEqualTo("END");
        assertThat(json.has("additionalModelRequestFields")).isFalse();
    }

    @Test
    void reasoning_effort_on_claude_asks_for_a_thinking_budget() {
        FAKE.enqueue(Script.stream("ok"));
        ChatRequest request = new ChatRequest(BedrockFakes.MODEL, List.of(ChatMessage.user("Hi")),
                new ChatOptions(null, 0.7, null, null, "low"));

        run(PROVIDER, request);

        JsonNode json = FAKE.lastRequest().json();
        assertThat(json.at("/additionalModelRequestFields/thinking/type").asText()).isEqualTo("enabled");
        assertThat(json.at("/additionalModelRequestFields/thinking/budget_tokens").asInt())
                .isEqualTo(BedrockConfig.DEFAULT_THINKING_BUDGET_LOW);
        assertThat(json.at("/inferenceConfig/maxTokens").asInt())
                .isEqualTo(BedrockConfig.DEFAULT_THINKING_BUDGET_LOW + BedrockConfig.DEFAULT_ANSWER_TOKENS);
        assertThat(json.at("/inferenceConfig/temperature").isMissingNode()).isTrue();
    }

    @Test
    void reasoning_content_streams_as_reasoning_and_metadata_as_usage() {
        FAKE.enqueue(Script.stream("Hi", " there").reasoning("Let me", " think").usage(new TokenUsage(9, 2, 4)));

        RecordingListener listener = run(PROVIDER, REQUEST);

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(FinishReason.STOP));
        assertThat(listener.reasoning()).isEqualTo("Let me think");
        assertThat(listener.text()).isEqualTo("Hi there");
        assertThat(listener.events().get(0)).isInstanceOf(ChatEvent.ReasoningDelta.class);
        // Bedrock's outputTokens include reasoning and do not split it out.
        assertThat(listener.usage()).isEqualTo(new Usage(9, 6, 0));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"stop_sequence,STOP", "max_tokens,LENGTH", "content_filtered,CONTENT_FILTER", "tool_use,TOOL_CALLS"})
    void stop_reasons_reach_the_listener(String stopReason, FinishReason expected) {
        FAKE.enqueue(Script.stream("Some", " text").finishReason(stopReason));

        RecordingListener listener = run(PROVIDER, REQUEST);

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(expected));
        assertThat(listener.text()).isEqualTo("Some text");
    }

    @Test
    void a_guardrail_that_blocks_the_prompt_finishes_as_content_filter_with_its_message() {
        FAKE.enqueue(Script.promptBlocked().errorMessage("Sorry, I cannot help with that."));

        RecordingListener listener = run(PROVIDER, REQUEST);

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(FinishReason.CONTENT_FILTER));
        assertThat(listener.text()).isEqualTo("Sorry, I cannot help with that.");
    }
}
