package org.aistudio.host.admin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.util.Map;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.ProviderRegistry;
import org.aistudio.core.provider.openai.OpenAiChatProvider;
import org.aistudio.core.provider.openai.OpenAiConfig;
import org.aistudio.fixtures.upstream.FakeOpenAi;

/**
 * Registers the real OpenAI adapter (name {@code openai}) against a {@link FakeOpenAi} in hosts
 * started with {@code test.fake-openai.url}, as a host configured with {@code OPENAI_BASE_URL}
 * would call OpenAI.
 */
@Singleton
@Requires(property = "test.fake-openai.url")
public class FakeOpenAiUpstream implements BeanCreatedEventListener<ProviderRegistry> {

    private final String baseUrl;

    public FakeOpenAiUpstream(@Value("${test.fake-openai.url}") String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public ProviderRegistry onCreated(BeanCreatedEvent<ProviderRegistry> event) {
        return event.getBean().register(new OpenAiChatProvider(OpenAiConfig.builder().baseUrl(baseUrl)
                .credentials(CredentialSource.of(Map.of(OpenAiConfig.DEFAULT_CREDENTIAL_NAME,
                        FakeOpenAi.DEFAULT_API_KEY))).build()));
    }
}
