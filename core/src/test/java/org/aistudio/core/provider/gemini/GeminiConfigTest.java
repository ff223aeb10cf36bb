package org.aistudio.core.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GeminiConfigTest {

    @Test
    void defaults_point_at_google_with_http2() {
        GeminiConfig config = GeminiConfig.builder().apiKey("k").build();

        assertThat(config.baseUrl()).isEqualTo(GeminiConfig.DEFAULT_BASE_URL);
        assertThat(config.httpVersion()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(config.connectTimeout()).isEqualTo(GeminiConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(config.thinkingBudget("medium")).isEqualTo(GeminiConfig.DEFAULT_THINKING_BUDGET_MEDIUM);
    }

    @Test
    void a_plain_http_base_url_uses_http1_and_loses_its_trailing_slash() {
        GeminiConfig config = GeminiConfig.builder().apiKey("k").baseUrl("http://127.0.0.1:8080/").build();

        assertThat(config.baseUrl()).hasToString("http://127.0.0.1:8080");
        assertThat(config.httpVersion()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void the_key_is_read_from_google_api_key_by_default_and_a_blank_name_is_refused() {
        assertThat(GeminiConfig.builder().build().credentialName()).isEqualTo("GOOGLE_API_KEY");
        assertThatThrownBy(() -> GeminiConfig.builder().credentialName(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GOOGLE_API_KEY");
    }

    @Test
    void a_fixed_key_is_stored_under_the_configured_name() {
        GeminiConfig config = GeminiConfig.builder().apiKey("k1").credentialName("GEMINI_KEY").build();

        assertThat(config.credentials().get("GEMINI_KEY")).hasValue("k1");
    }

    @Test
    void a_relative_or_non_http_base_url_is_refused() {
        assertThatThrownBy(() -> GeminiConfig.builder().apiKey("k").baseUrl("generativelanguage.googleapis.com").build())
                .hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> GeminiConfig.builder().apiKey("k").baseUrl("ftp://example.com").build())
                .hasMessageContaining("absolute http(s) URL");
    }

    @Test
    void non_positive_timeouts_and_shrinking_budgets_are_refused() {
        assertThatThrownBy(() -> GeminiConfig.builder().apiKey("k").connectTimeout(Duration.ZERO).build())
                .hasMessageContaining("connect timeout must be a positive duration");
        assertThatThrownBy(() -> GeminiConfig.builder().apiKey("k").thinkingBudgets(4000, 2000, 8000).build())
                .hasMessageContaining("grow from low to high");
    }

    @Test
    void the_key_never_shows_in_to_string() {
        GeminiConfig config = GeminiConfig.builder().apiKey("AIza-secret-value").build();

        assertThat(config.toString()).doesNotContain("AIza-secret-value");
        assertThat(GeminiProvider.create(config).toString()).doesNotContain("AIza-secret-value");
    }
}
