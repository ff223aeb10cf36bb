package org.aistudio.core.provider.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.gemini.GeminiConfig;
import org.junit.jupiter.api.Test;

class GeminiRequestsTest {

    private final GeminiConfig config = GeminiConfig.builder().apiKey("k").thinkingBudgets(100, 200, 300).build();

    @Test
    void system_messages_become_the_system_instruction_and_assistant_the_model_role() {
        JsonNode json = json(new ChatRequest("gemini-2.5-flash", List.of(ChatMessage.system("Be brief."),
                ChatMessage.user("Hi"), ChatMessage.assistant("Hello"), ChatMessage.user("Bye")), null));

        assertThat(json.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(json.at("/systemInstruction/role").isMissingNode()).isTrue();
        assertThat(json.at("/contents").size()).isEqualTo(3);
        assertThat(json.at("/contents/0/role").asText()).isEqualTo("user");
        assertThat(json.at("/contents/1/role").asText()).isEqualTo("model");
        assertThat(json.at("/contents/1/parts/0/text").asText()).isEqualTo("Hello");
        assertThat(json.has("generationConfig")).isFalse();
    }

    @Test
    void options_go_to_the_generation_config() {
        JsonNode json = json(new ChatRequest("gemini-2.5-flash", List.of(ChatMessage.user("Hi")),
                new ChatOptions(64, 0.3, 0.9, List.of("END"), null)));

        JsonNode config = json.get("generationConfig");
        assertThat(config.get("maxOutputTokens").asInt()).isEqualTo(64);
        assertThat(config.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(config.get("topP").asDouble()).isEqualTo(0.9);
        assertThat(config.at("/stopSequences/0").asText()).isEqualTo("END");
        assertThat(config.has("thinkingConfig")).isFalse();
    }

    @Test
    void gemini_2_models_get_a_thinking_budget_and_ask_for_thoughts() {
        JsonNode thinking = json(withEffort("gemini-2.5-pro", "medium")).at("/generationConfig/thinkingConfig");

        assertThat(thinking.get("includeThoughts").asBoolean()).isTrue();
        assertThat(thinking.get("thinkingBudget").asInt()).isEqualTo(200);
        assertThat(thinking.has("thinkingLevel")).isFalse();
    }

    @Test
    void later_models_get_a_thinking_level() {
        assertThat(json(withEffort("gemini-3-pro-preview", "low")).at("/generationConfig/thinkingConfig/thinkingLevel")
                .asText()).isEqualTo("low");
        JsonNode high = json(withEffort("models/gemini-3-flash", "medium")).at("/generationConfig/thinkingConfig");
        assertThat(high.get("thinkingLevel").asText()).isEqualTo("high");
        assertThat(high.has("thinkingBudget")).isFalse();
    }

    private static ChatRequest withEffort(String model, String effort) {
        return new ChatRequest(model, List.of(ChatMessage.user("Hi")), new ChatOptions(null, null, null, null, effort));
    }

    private JsonNode json(ChatRequest request) {
        return GeminiWire.JSON.valueToTree(GeminiRequests.toWire(request, config));
    }
}
