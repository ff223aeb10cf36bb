package org.aistudio.core.provider.gemini;

import org.aistudio.core.provider.AbstractLiveProviderContractTest;
import org.aistudio.core.provider.ChatProvider;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract suite against the real Gemini API; runs only when {@code GOOGLE_API_KEY} is set
 * ({@code GEMINI_TEST_MODEL} picks the model, {@code GEMINI_BASE_URL} the endpoint).
 */
@EnabledIfEnvironmentVariable(named = "GOOGLE_API_KEY", matches = ".+")
class GeminiLiveContractTest extends AbstractLiveProviderContractTest {

    private static final String DEFAULT_MODEL = "gemini-2.5-flash";

    private final ChatProvider provider = GeminiProvider.create(GeminiConfig.builder()
            .baseUrl(envOr("GEMINI_BASE_URL", GeminiConfig.DEFAULT_BASE_URL.toString()))
            .build());

    @Override
    protected ChatProvider provider() {
        return provider;
    }

    @Override
    protected String model() {
        return envOr("GEMINI_TEST_MODEL", DEFAULT_MODEL);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
