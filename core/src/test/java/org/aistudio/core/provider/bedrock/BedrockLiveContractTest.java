package org.aistudio.core.provider.bedrock;

import org.aistudio.core.provider.AbstractLiveProviderContractTest;
import org.aistudio.core.provider.ChatProvider;
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
class BedrockLiveContractTest extends AbstractLiveProviderContractTest {

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
}
