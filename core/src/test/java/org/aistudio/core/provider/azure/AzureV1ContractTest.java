package org.aistudio.core.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.Usage;
import org.aistudio.core.provider.openai.FakeOpenAiContractTest;
import org.aistudio.fixtures.upstream.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The contract suite for {@code azure} on the v1 endpoint. */
class AzureV1ContractTest extends FakeOpenAiContractTest {

    @Override
    protected ChatProvider provider() {
        return new AzureOpenAiChatProvider(AzureOpenAiConfig.builder()
                .endpoint(fake.azureEndpoint())
                .urlStyle(AzureUrlStyle.V1)
                .credentials(CredentialSource.of(Map.of(AzureOpenAiConfig.DEFAULT_CREDENTIAL_NAME, fake.apiKey())))
                .httpClient(HTTP)
                .build());
    }

    @Override
    protected String model() {
        return "gpt-4o-mini";
    }

    @Test
    void calls_the_v1_url_with_the_model_in_the_body() {
        scriptAnswer(List.of("ok"), new Usage(1, 1, 0));
        RecordingListener listener = new RecordingListener();
        provider().stream(request(), listener);
        listener.awaitTerminal(WAIT);

        RecordedRequest sent = fake.lastRequest();
        assertThat(sent.path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(sent.query()).isEmpty();
        assertThat(sent.json().path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.header("api-key")).contains(fake.apiKey());
    }
}
