package org.aistudio.core.provider.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.bedrock.BedrockConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;

class BedrockRequestsTest {

    private static final String CLAUDE = "us.anthropic.claude-sonnet-4-20250514-v1:0";
    private final BedrockConfig config = BedrockConfig.builder().thinkingBudgets(2000, 3000, 5000).build();

    @Test
    void system_messages_go_to_system_and_turns_of_one_role_are_merged() {
        ConverseStreamRequest sdk = BedrockRequests.toSdk(new ChatRequest("amazon.nova-lite-v1:0", List.of(
                ChatMessage.system("Be brief."), ChatMessage.user("Hi"), ChatMessage.user("Still there?"),
                ChatMessage.assistant("Yes")), null), config);

        assertThat(sdk.modelId()).isEqualTo("amazon.nova-lite-v1:0");
        assertThat(sdk.system()).singleElement().satisfies(s -> assertThat(s.text()).isEqualTo("Be brief."));
        assertThat(sdk.messages()).hasSize(2);
        assertThat(sdk.messages().get(0).role()).isEqualTo(ConversationRole.USER);
        assertThat(sdk.messages().get(0).content()).extracting(c -> c.text()).containsExactly("Hi", "Still there?");
        assertThat(sdk.messages().get(1).role()).isEqualTo(ConversationRole.ASSISTANT);
        assertThat(sdk.inferenceConfig()).isNull();
        assertThat(sdk.additionalModelRequestFields()).isNull();
    }

    @Test
    void options_go_to_the_inference_config() {
        ConverseStreamRequest sdk = BedrockRequests.toSdk(new ChatRequest(CLAUDE, List.of(ChatMessage.user("Hi")),
                new ChatOptions(100, 0.5, 0.8, List.of("END"), null)), config);

        assertThat(sdk.inferenceConfig().maxTokens()).isEqualTo(100);
        assertThat(sdk.inferenceConfig().temperature()).isEqualTo(0.5f);
        assertThat(sdk.inferenceConfig().topP()).isEqualTo(0.8f);
        assertThat(sdk.inferenceConfig().stopSequences()).containsExactly("END");
    }

    @Test
    void effort_on_claude_asks_for_thinking_with_room_for_the_answer_and_no_sampling_changes() {
        ConverseStreamRequest sdk = BedrockRequests.toSdk(new ChatRequest(CLAUDE, List.of(ChatMessage.user("Hi")),
                new ChatOptions(null, 0.5, 0.8, null, "medium")), config);

        assertThat(sdk.additionalModelRequestFields().asMap().get("thinking").asMap())
                .containsEntry("type", software.amazon.awssdk.core.document.Document.fromString("enabled"))
                .containsEntry("budget_tokens", software.amazon.awssdk.core.document.Document.fromNumber(3000));
        assertThat(sdk.inferenceConfig().maxTokens()).isEqualTo(3000 + BedrockConfig.DEFAULT_ANSWER_TOKENS);
        assertThat(sdk.inferenceConfig().temperature()).isNull();
        assertThat(sdk.inferenceConfig().topP()).isNull();
    }

    @Test
    void a_max_tokens_at_or_below_the_budget_lowers_the_budget() {
        assertThat(budget(CLAUDE, 2500, "high")).isEqualTo(2499);
        assertThat(budget(CLAUDE, 1000, "high")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-haiku-20240307-v1:0",
            "anthropic.claude-instant-v1", "anthropic.claude-v2:1", "amazon.nova-pro-v1:0", "meta.llama3-70b-instruct-v1:0"})
    void models_that_cannot_think_get_no_thinking_field(String model) {
        assertThat(budget(model, null, "high")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic.claude-3-7-sonnet-20250219-v1:0", "eu.anthropic.claude-opus-4-1-20250805-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0"})
    void claude_models_that_think_get_the_budget(String model) {
        assertThat(budget(model, null, "low")).isEqualTo(2000);
    }

    @ParameterizedTest
    @CsvSource({"end_turn,STOP", "stop_sequence,STOP", "max_tokens,LENGTH", "guardrail_intervened,CONTENT_FILTER",
            "content_filtered,CONTENT_FILTER", "tool_use,TOOL_CALLS", "model_context_window_exceeded,LENGTH",
            "something_new,OTHER"})
    void stop_reasons_map_to_the_common_ones(String stopReason, FinishReason expected) {
        assertThat(BedrockStream.finishReasonOf(stopReason)).isEqualTo(expected);
    }

    private Integer budget(String model, Integer maxTokens, String effort) {
        return BedrockRequests.thinkingBudget(model, new ChatOptions(maxTokens, null, null, null, effort), config);
    }
}
