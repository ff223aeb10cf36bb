package org.aistudio.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.aistudio.core.provider.AbstractChatProviderContractTest;
import org.aistudio.core.provider.Usage;
import org.aistudio.core.provider.http.JdkStreamingHttp;
import org.aistudio.core.provider.http.StreamingHttp;
import org.aistudio.fixtures.upstream.FakeOpenAi;
import org.aistudio.fixtures.upstream.Script;
import org.aistudio.fixtures.upstream.TokenUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The contract suite against {@link FakeOpenAi}, for every adapter that speaks the OpenAI wire. */
public abstract class FakeOpenAiContractTest extends AbstractChatProviderContractTest {

    /** One JDK client for all tests, as a host would share one. */
    public static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The same client behind the adapters' seam. */
    public static final StreamingHttp JDK = JdkStreamingHttp.shared(HTTP);
    protected static FakeOpenAi fake;

    @BeforeAll
    static void startFake() {
        fake = FakeOpenAi.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    /** The fake's usage for a common {@link Usage}: its output excludes reasoning. */
    public static TokenUsage tokens(Usage usage) {
        return new TokenUsage((int) usage.inputTokens(), (int) (usage.outputTokens() - usage.reasoningTokens()),
                (int) usage.reasoningTokens());
    }

    /** The client the adapter under test calls out on; a host runs the suite on its own. */
    protected StreamingHttp http() {
        return JDK;
    }

    @Override
    protected void scriptAnswer(List<String> chunks, Usage usage) {
        fake.enqueue(Script.stream(chunks).usage(tokens(usage)));
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
        fake.enqueue(Script.stream(chunks).stallAfter(chunks.size()).stallProbeEvery(Duration.ofMillis(20)));
    }

    @Override
    protected void awaitUpstreamSawDisconnect(Duration timeout) {
        assertThat(fake.awaitClientDisconnect(timeout)).as("the fake saw the client leave").isTrue();
    }
}
