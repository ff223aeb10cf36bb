package org.aistudio.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.Usage;
import org.aistudio.fixtures.upstream.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract suite for {@code openai-compatible} with no key, against a keyless fake. */
class OpenAiCompatibleContractTest extends FakeOpenAiContractTest {

    private static FakeOpenAi keyed;

    @BeforeAll
    static void keyless() {
        keyed = fake;
        fake = FakeOpenAi.builder().keyless().start();
    }

    @AfterAll
    static void restore() {
        fake.close();
        fake = keyed;
    }

    @Override
    protected ChatProvider provider() {
        return new OpenAiChatProvider(OpenAiConfig.compatibleBuilder()
                .baseUrl(fake.openAiBaseUrl())
                .credentials(CredentialSource.none())
                .httpClient(HTTP)
                .build());
    }

    @Override
    protected String model() {
        return "Qwen/Qwen3-8B";
    }

    @Test
    void sends_no_authorization_header_and_uses_its_own_name() {
        scriptAnswer(List.of("ok"), new Usage(1, 1, 0));
        ChatProvider provider = provider();
        RecordingListener listener = new RecordingListener();
        provider.stream(request(), listener);
        listener.awaitTerminal(WAIT);

        assertThat(provider.name()).isEqualTo("openai-compatible");
        assertThat(fake.lastRequest().header("Authorization")).isEmpty();
        assertThat(fake.lastRequest().path()).isEqualTo("/v1/chat/completions");
    }
}
