package org.aistudio.core.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.fixtures.upstream.FakeBedrock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

/** One FakeBedrock and one HTTP/1.1 Netty client for all Bedrock tests: the SDK is slow to start. */
final class BedrockFakes {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String MODEL = "us.anthropic.claude-sonnet-4-20250514-v1:0";

    /** The fake speaks plain HTTP/1.1; the SDK would ask for HTTP/2 otherwise. */
    static final SdkAsyncHttpClient HTTP = NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).build();
    static final FakeBedrock FAKE = FakeBedrock.start();
    static final BedrockProvider PROVIDER = providerFor(FAKE.baseUrl());

    private BedrockFakes() {
    }

    static BedrockProvider providerFor(String endpoint) {
        return BedrockProvider.create(BedrockConfig.builder()
                .region("eu-west-1")
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDFAKEBEDROCKTEST", "fake-secret-access-key")))
                .build(), HTTP);
    }

    static RecordingListener run(ChatProvider provider, ChatRequest request) {
        RecordingListener listener = new RecordingListener();
        provider.stream(request, listener);
        listener.awaitTerminal(WAIT);
        assertThat(listener.terminalCount()).isEqualTo(1);
        return listener;
    }

    static ProviderException failure(RecordingListener listener) {
        assertThat(listener.terminal()).isInstanceOf(ChatEvent.Failed.class);
        return ((ChatEvent.Failed) listener.terminal()).error();
    }
}
