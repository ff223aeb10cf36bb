package org.aistudio.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiConfigTest {

    @Test
    void defaults_point_at_openai_with_a_required_key() {
        OpenAiConfig config = OpenAiConfig.builder().build();
        assertThat(config.name()).isEqualTo("openai");
        assertThat(config.baseUrl()).isEqualTo(OpenAiConfig.DEFAULT_BASE_URL);
        assertThat(config.credentialName()).isEqualTo("OPENAI_API_KEY");
        assertThat(config.keyRequired()).isTrue();
    }

    @Test
    void the_compatible_preset_has_its_own_name_and_an_optional_key() {
        OpenAiConfig config = OpenAiConfig.compatibleBuilder().baseUrl("http://localhost:8000/v1").build();
        assertThat(config.name()).isEqualTo("openai-compatible");
        assertThat(config.keyRequired()).isFalse();
        assertThat(new OpenAiChatProvider(config).name()).isEqualTo("openai-compatible");
    }

    @Test
    void bad_settings_fail_at_build_with_a_message_a_person_can_act_on() {
        assertThatThrownBy(() -> OpenAiConfig.builder().baseUrl("localhost:8000").build())
                .hasMessageContaining("baseUrl must be an absolute http(s) URL");
        assertThatThrownBy(() -> OpenAiConfig.builder().baseUrl("ftp://example.com/v1").build())
                .hasMessageContaining("baseUrl must be an absolute http(s) URL");
        assertThatThrownBy(() -> OpenAiConfig.builder().name(" ").build())
                .hasMessageContaining("name must not be blank");
        assertThatThrownBy(() -> OpenAiConfig.builder().reasoningModels("o[").build())
                .hasMessageContaining("reasoningModels is not a valid regular expression");
        assertThatThrownBy(() -> OpenAiConfig.builder().connectTimeout(Duration.ZERO).build())
                .hasMessageContaining("connectTimeout must be positive");
    }

    @Test
    void reasoning_models_match_openai_reasoning_ids_only() {
        var mapper = new org.aistudio.core.provider.openai.internal.ChatCompletionMapper(
                OpenAiConfig.builder().build().reasoningModels());
        assertThat(mapper.isReasoningModel("o1")).isTrue();
        assertThat(mapper.isReasoningModel("o3-mini")).isTrue();
        assertThat(mapper.isReasoningModel("o4-mini-2025-04-16")).isTrue();
        assertThat(mapper.isReasoningModel("gpt-5")).isTrue();
        assertThat(mapper.isReasoningModel("gpt-5.1")).isTrue();
        assertThat(mapper.isReasoningModel("gpt-4o-mini")).isFalse();
        assertThat(mapper.isReasoningModel("gpt-4.1")).isFalse();
    }
}
