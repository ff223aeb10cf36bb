package org.aistudio.core.provider.openai;

import java.util.Map;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.CredentialSource;

/** The contract suite for {@code openai} against the fake. */
class OpenAiContractTest extends FakeOpenAiContractTest {

    @Override
    protected ChatProvider provider() {
        return new OpenAiChatProvider(OpenAiConfig.builder()
                .baseUrl(fake.openAiBaseUrl())
                .credentials(CredentialSource.of(Map.of(OpenAiConfig.DEFAULT_CREDENTIAL_NAME, fake.apiKey())))
                .http(http())
                .build());
    }

    @Override
    protected String model() {
        return "gpt-4o-mini";
    }
}
