package org.aistudio.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.fixtures.upstream.FakeOpenAi;
import org.junit.jupiter.api.Test;

/**
 * A 401 read on an event loop: the key is re-read (which may block on a secret store) somewhere
 * else, since the loop serves other streams meanwhile, and the call goes out again with it.
 */
class NettyKeyRotationTest {

    @Test
    void the_key_is_refreshed_off_the_event_loop_that_read_the_401() {
        try (FakeOpenAi fake = FakeOpenAi.start()) {
            CountingCredentials credentials = new CountingCredentials("OPENAI_API_KEY", "sk-previous-key", fake.apiKey());
            OpenAiChatProvider provider = new OpenAiChatProvider(OpenAiConfig.builder()
                    .baseUrl(fake.openAiBaseUrl()).credentials(credentials).http(OnNetty.HTTP).build());
            RecordingListener listener = new RecordingListener();

            provider.stream(ChatRequest.of("gpt-4o-mini", ChatMessage.user("Hi")), listener);

            assertThat(listener.awaitTerminal(Duration.ofSeconds(10))).isInstanceOf(ChatEvent.Finished.class);
            assertThat(credentials.refreshes()).isEqualTo(1);
            Thread refresher = credentials.refreshedOn();
            for (EventExecutor loop : OnNetty.LOOPS) {
                assertThat(loop.inEventLoop(refresher)).as("refreshed on " + refresher.getName()).isFalse();
            }
        }
    }
}
