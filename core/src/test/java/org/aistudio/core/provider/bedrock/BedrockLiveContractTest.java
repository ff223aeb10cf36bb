package org.aistudio.core.provider.bedrock;

import java.time.Duration;
import java.util.List;
import org.aistudio.core.provider.AbstractChatProviderContractTest;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.Usage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

/**
 * The contract suite against real Amazon Bedrock; runs only when {@code AWS_ACCESS_KEY_ID} and
 * {@code BEDROCK_TEST_MODEL} (a model id or inference profile the account may invoke) are set.
 * Credentials come from the default chain, the region from {@code AWS_REGION}.
 */
@EnabledIfEnvironmentVariable(named = "AWS_ACCESS_KEY_ID", matches = ".+")
@EnabledIfEnvironmentVariable(named = "BEDROCK_TEST_MODEL", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BedrockLiveContractTest extends AbstractChatProviderContractTest {

    private SdkAsyncHttpClient http;
    private BedrockProvider provider;

    @BeforeAll
    void start() {
        http = NettyNioAsyncHttpClient.builder().build();
        String region = System.getenv("AWS_REGION");
        provider = BedrockProvider.create(BedrockConfig.builder()
                .region(region == null || region.isBlank() ? BedrockConfig.DEFAULT_REGION : region)
                .endpointOverride(System.getenv("BEDROCK_ENDPOINT"))
                .build(), http);
    }

    @AfterAll
    void stop() {
        provider.close();
        http.close();
    }

    @Override
    protected ChatProvider provider() {
        return provider;
    }

    @Override
    protected String model() {
        return System.getenv("BEDROCK_TEST_MODEL");
    }

    @Override
    protected boolean scriptable() {
        return false;
    }

    @Override
    protected void scriptAnswer(List<String> chunks, Usage usage) {
        throw new UnsupportedOperationException("real Bedrock cannot be scripted");
    }

    @Override
    protected void scriptStatus(int status) {
        throw new UnsupportedOperationException("real Bedrock cannot be scripted");
    }

    @Override
    protected void scriptDisconnectAfter(List<String> chunks) {
        throw new UnsupportedOperationException("real Bedrock cannot be scripted");
    }

    @Override
    protected void scriptStallAfter(List<String> chunks) {
        throw new UnsupportedOperationException("real Bedrock cannot be scripted");
    }

    @Override
    protected void awaitUpstreamSawDisconnect(Duration timeout) {
        throw new UnsupportedOperationException("real Bedrock cannot be observed");
    }
}
