package org.aistudio.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.http.JdkStreamingHttp;
import org.aistudio.core.provider.http.StreamingHttp;
import org.aistudio.fixtures.upstream.FakeOpenAi;
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

    @Test
    void it_starts_without_blocking_only_on_a_client_that_sends_at_once_with_its_key_in_memory() {
        StreamingHttp jdk = JdkStreamingHttp.pooled(1, Duration.ofSeconds(5));
        StreamingHttp atOnce = new StreamingHttp() {
            @Override
            public Exchange send(Request request, Handler handler) {
                return jdk.send(request, handler);
            }

            @Override
            public boolean sendsWithoutBlocking() {
                return true;
            }
        };
        CredentialSource key = CredentialSource.of(Map.of("OPENAI_API_KEY", "sk-test"));
        CredentialSource notReadYet = new CredentialSource() {
            @Override
            public Optional<String> get(String name) {
                return key.get(name);
            }

            @Override
            public void refresh() {
            }

            @Override
            public boolean readsWithoutWaiting() {
                return false;
            }
        };
        assertThat(provider(OpenAiConfig.builder().credentials(key).http(atOnce))).isTrue();
        assertThat(provider(OpenAiConfig.builder().credentials(key).http(jdk))).as("a client that cannot tell")
                .isFalse();
        assertThat(provider(OpenAiConfig.builder().credentials(notReadYet).http(atOnce))).isFalse();
        assertThat(provider(OpenAiConfig.builder().credentials(CredentialSource.none()).http(atOnce)))
                .as("a required key missing: it is refreshed before the call").isFalse();
        assertThat(provider(OpenAiConfig.compatibleBuilder().baseUrl("http://localhost:8000/v1")
                .credentials(CredentialSource.none()).http(atOnce))).as("no key needed").isTrue();
    }

    private static boolean provider(OpenAiConfig.Builder config) {
        return new OpenAiChatProvider(config.build()).startsWithoutBlocking();
    }

    @Test
    void a_given_client_carries_every_call_with_the_key_and_body_the_adapter_made() {
        List<StreamingHttp.Request> sent = new CopyOnWriteArrayList<>();
        StreamingHttp jdk = JdkStreamingHttp.pooled(1, Duration.ofSeconds(5));
        StreamingHttp recording = (request, handler) -> {
            sent.add(request);
            return jdk.send(request, handler);
        };
        try (FakeOpenAi fake = FakeOpenAi.start()) {
            OpenAiChatProvider provider = new OpenAiChatProvider(OpenAiConfig.builder()
                    .baseUrl(fake.openAiBaseUrl()).credentials(new CountingCredentials("OPENAI_API_KEY", fake.apiKey(), fake.apiKey()))
                    .http(recording).build());
            RecordingListener listener = new RecordingListener();

            provider.stream(ChatRequest.of("gpt-4o-mini", ChatMessage.user("Hi")), listener);

            assertThat(listener.awaitTerminal(Duration.ofSeconds(10))).isInstanceOf(ChatEvent.Finished.class);
            assertThat(listener.text()).isEqualTo("Hello, world!");
            assertThat(sent).singleElement().satisfies(request -> {
                assertThat(request.uri().toString()).isEqualTo(fake.openAiBaseUrl() + "/chat/completions");
                assertThat(request.headers()).containsEntry("Authorization", "Bearer " + fake.apiKey());
                assertThat(new String(request.body(), java.nio.charset.StandardCharsets.UTF_8))
                        .contains("\"model\":\"gpt-4o-mini\"");
            });
        }
    }

    @Test
    void a_jdk_client_and_a_client_of_another_kind_cannot_both_be_given() {
        StreamingHttp other = (request, handler) -> () -> { };
        assertThatThrownBy(() -> OpenAiConfig.builder().httpClient(HttpClient.newHttpClient()).http(other).build())
                .hasMessageContaining("either httpClient or http");
    }
}
