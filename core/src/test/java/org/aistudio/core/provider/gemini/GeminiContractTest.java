package org.aistudio.core.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.aistudio.core.provider.AbstractChatProviderContractTest;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.Usage;
import org.aistudio.fixtures.upstream.FakeGemini;
import org.aistudio.fixtures.upstream.Script;
import org.aistudio.fixtures.upstream.TokenUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The provider contract against {@link FakeGemini}, which speaks Gemini's SSE wire format. */
class GeminiContractTest extends AbstractChatProviderContractTest {

    private static FakeGemini fake;
    private static GeminiProvider provider;

    @BeforeAll
    static void start() {
        fake = FakeGemini.start();
        provider = GeminiProvider.create(GeminiConfig.builder().baseUrl(fake.baseUrl()).apiKey(fake.apiKey()).build());
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    @Override
    protected ChatProvider provider() {
        return provider;
    }

    @Override
    protected String model() {
        return "gemini-2.5-flash";
    }

    @Override
    protected void scriptAnswer(List<String> chunks, Usage usage) {
        // Gemini counts thoughts apart from the answer; the common Usage counts them in the output.
        fake.enqueue(Script.stream(chunks).usage(new TokenUsage((int) usage.inputTokens(),
                (int) (usage.outputTokens() - usage.reasoningTokens()), (int) usage.reasoningTokens())));
    }

    @Override
    protected void scriptStatus(int status) {
        fake.enqueue(Script.status(status));
    }

    @Override
    protected void scriptDisconnectAfter(List<String> chunks) {
        fake.enqueue(Script.stream(chunks).disconnectAfter(chunks.size()));
    }

    @Override
    protected void scriptStallAfter(List<String> chunks) {
        fake.enqueue(Script.stream(chunks).stallAfter(chunks.size()));
    }

    @Override
    protected void awaitUpstreamSawDisconnect(Duration timeout) {
        assertThat(fake.awaitClientDisconnect(timeout)).as("the fake saw the client close the connection").isTrue();
    }
}
