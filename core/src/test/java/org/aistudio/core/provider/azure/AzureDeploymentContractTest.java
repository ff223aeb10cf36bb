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

/** The contract suite for {@code azure} on deployment URLs. */
class AzureDeploymentContractTest extends FakeOpenAiContractTest {

    @Override
    protected ChatProvider provider() {
        return new AzureOpenAiChatProvider(AzureOpenAiConfig.builder()
                .endpoint(fake.azureEndpoint())
                .urlStyle(AzureUrlStyle.DEPLOYMENT)
                .apiVersion("2024-10-21")
                .credentials(CredentialSource.of(Map.of(AzureOpenAiConfig.DEFAULT_CREDENTIAL_NAME, fake.apiKey())))
                .httpClient(HTTP)
                .build());
    }

    @Override
    protected String model() {
        return "chat-deployment";
    }

    @Test
    void calls_the_deployment_url_with_the_api_version_and_the_api_key_header() {
        scriptAnswer(List.of("ok"), new Usage(1, 1, 0));
        RecordingListener listener = new RecordingListener();
        provider().stream(request(), listener);
        listener.awaitTerminal(WAIT);

        RecordedRequest sent = fake.lastRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/chat-deployment/chat/completions");
        assertThat(sent.queryParam("api-version")).contains("2024-10-21");
        assertThat(sent.header("api-key")).contains(fake.apiKey());
        assertThat(sent.header("Authorization")).isEmpty();
    }
}
