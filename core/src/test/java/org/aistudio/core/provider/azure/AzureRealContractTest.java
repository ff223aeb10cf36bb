package org.aistudio.core.provider.azure;

import org.aistudio.core.provider.AbstractLiveProviderContractTest;
import org.aistudio.core.provider.ChatProvider;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract suite against a real Azure OpenAI resource, when {@code AZURE_OPENAI_API_KEY},
 * {@code AZURE_OPENAI_ENDPOINT} and {@code AZURE_OPENAI_DEPLOYMENT} are set
 * ({@code AZURE_OPENAI_API_VERSION} optional). Only unscripted cases run.
 */
@EnabledIfEnvironmentVariable(named = "AZURE_OPENAI_API_KEY", matches = ".+")
@EnabledIfEnvironmentVariable(named = "AZURE_OPENAI_ENDPOINT", matches = ".+")
@EnabledIfEnvironmentVariable(named = "AZURE_OPENAI_DEPLOYMENT", matches = ".+")
class AzureRealContractTest extends AbstractLiveProviderContractTest {

    @Override
    protected ChatProvider provider() {
        String version = System.getenv("AZURE_OPENAI_API_VERSION");
        return new AzureOpenAiChatProvider(AzureOpenAiConfig.builder()
                .endpoint(System.getenv("AZURE_OPENAI_ENDPOINT"))
                .apiVersion(version == null || version.isBlank() ? AzureOpenAiConfig.DEFAULT_API_VERSION : version)
                .build());
    }

    @Override
    protected String model() {
        return System.getenv("AZURE_OPENAI_DEPLOYMENT");
    }
}
