package org.aistudio.core.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.aistudio.core.provider.AbstractChatProviderContractTest;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.Usage;
import org.aistudio.fixtures.upstream.Script;
import org.aistudio.fixtures.upstream.TokenUsage;
import org.junit.jupiter.api.BeforeEach;

/** The provider contract against FakeBedrock, which speaks the binary AWS event stream. */
class BedrockContractTest extends AbstractChatProviderContractTest {

    @BeforeEach
    void reset() {
        BedrockFakes.FAKE.reset();
    }

    @Override
    protected ChatProvider provider() {
        return BedrockFakes.PROVIDER;
    }

    @Override
    protected String model() {
        return BedrockFakes.MODEL;
    }

    @Override
    protected void scriptAnswer(List<String> chunks, Usage usage) {
        BedrockFakes.FAKE.enqueue(Script.stream(chunks).usage(new TokenUsage((int) usage.inputTokens(),
                (int) (usage.outputTokens() - usage.reasoningTokens()), (int) usage.reasoningTokens())));
    }

    @Override
    protected void scriptStatus(int status) {
        BedrockFakes.FAKE.enqueue(Script.status(status));
    }

    @Override
    protected void scriptDisconnectAfter(List<String> chunks) {
        BedrockFakes.FAKE.enqueue(Script.stream(chunks).disconnectAfter(chunks.size()));
    }

    @Override
    protected void scriptStallAfter(List<String> chunks) {
        BedrockFakes.FAKE.enqueue(Script.stream(chunks).stallAfter(chunks.size()));
    }

    @Override
    protected void awaitUpstreamSawDisconnect(Duration timeout) {
        assertThat(BedrockFakes.FAKE.awaitClientDisconnect(timeout)).as("the fake saw the client close the connection")
                .isTrue();
    }
}
