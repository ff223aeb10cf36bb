package org.aistudio.core.provider.openai;

import org.aistudio.core.provider.AbstractLiveProviderContractTest;
import org.aistudio.core.provider.ChatProvider;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract suite against the real OpenAI API, when {@code OPENAI_API_KEY} is set
 * ({@code OPENAI_BASE_URL} and {@code OPENAI_TEST_MODEL} optional). Only unscripted cases run.
 */
@EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
class OpenAiRealContractTest extends AbstractLiveProviderContractTest {

    @Override
    protected ChatProvider provider() {
        String baseUrl = System.getenv("OPENAI_BASE_URL");
        return new OpenAiChatProvider(OpenAiConfig.builder()
                .baseUrl(baseUrl == null || baseUrl.isBlank() ? OpenAiConfig.DEFAULT_BASE_URL.toString() : baseUrl)
                .build());
    }

    @Override
    protected String model() {
        String model = System.getenv("OPENAI_TEST_MODEL");
        return model == null || model.isBlank() ? "gpt-4o-mini" : model;
    }
}
