package org.aistudio.core.provider.azure;

import static org.aistudio.core.provider.openai.FakeOpenAiContractTest.HTTP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.resilience.AttemptListener;
import org.aistudio.core.provider.resilience.CircuitBreakerConfig;
import org.aistudio.core.provider.resilience.CircuitBreakers;
import org.aistudio.core.provider.resilience.ResilientChatProvider;
import org.aistudio.core.provider.resilience.RetryPolicy;
import org.aistudio.fixtures.upstream.FakeOpenAi;
import org.aistudio.fixtures.upstream.Script;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Azure's own behaviour: content filter, its throttling headers, deployment names, configuration. */
class AzureWireTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static FakeOpenAi fake;
    private static ScheduledExecutorService scheduler;

    private final List<Duration> retryDelays = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        fake = FakeOpenAi.start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() {
        fake.close();
        scheduler.shutdownNow();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    private AzureOpenAiChatProvider azure() {
        return new AzureOpenAiChatProvider(AzureOpenAiConfig.builder().endpoint(fake.azureEndpoint()).httpClient(HTTP)
                .credentials(CredentialSource.of(Map.of("AZURE_OPENAI_API_KEY", fake.apiKey()))).build());
    }

    private ResilientChatProvider resilient() {
        return ResilientChatProvider.builder()
                .retryPolicy(RetryPolicy.builder().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5))
                        .maxRetryAfter(Duration.ofMillis(30)).build())
                .circuitBreakers(new CircuitBreakers(CircuitBreakerConfig.DEFAULTS)).scheduler(scheduler)
                .listener(new AttemptListener() {
                    @Override
                    public void onRetry(String provider, String model, int attempt, ProviderException error,
                                        Duration delay) {
                        retryDelays.add(delay);
                    }
                })
                .target(azure()).build();
    }

    private static RecordingListener run(ChatProvider provider, String deployment) {
        RecordingListener listener = new RecordingListener();
        provider.stream(ChatRequest.of(deployment, ChatMessage.user("Hi")), listener);
        listener.awaitTerminal(WAIT);
        return listener;
    }

    @Test
    void a_prompt_refused_by_the_content_filter_fails_as_content_filter_and_is_not_retried() {
        fake.enqueue(Script.promptBlocked());

        RecordingListener listener = run(resilient(), "chat");

        ProviderException error = ((ChatEvent.Failed) listener.terminal()).error();
        assertThat(error.kind()).isEqualTo(ErrorKind.CONTENT_FILTER);
        assertThat(error.retriable()).isFalse();
        assertThat(error.httpStatus()).isEqualTo(400);
        assertThat(error.getMessage()).contains("content filter");
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void an_answer_stopped_by_the_content_filter_finishes_with_content_filter() {
        fake.enqueue(Script.stream("Here is", " how").finishReason("content_filter"));

        RecordingListener listener = run(azure(), "chat");

        assertThat(listener.terminal()).isEqualTo(new ChatEvent.Finished(FinishReason.CONTENT_FILTER));
        assertThat(listener.text()).isEqualTo("Here is how");
    }

    @Test
    void azure_throttling_is_retried_after_the_wait_it_asks_for() {
        fake.enqueue(Script.status(429).retryAfter(1));

        RecordingListener listener = run(resilient(), "chat");

        assertThat(listener.terminal()).isInstanceOf(ChatEvent.Finished.class);
        assertThat(retryDelays).containsExactly(Duration.ofMillis(30));
        assertThat(fake.requests()).hasSize(2);
    }

    @Test
    void an_unknown_deployment_fails_as_not_found() {
        fake.enqueue(Script.status(404));

        ProviderException error = ((ChatEvent.Failed) run(azure(), "missing").terminal()).error();

        assertThat(error.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(error.getMessage()).contains("Resource not found");
    }

    @Test
    void a_deployment_name_that_cannot_be_one_fails_without_a_request() {
        ProviderException error = ((ChatEvent.Failed) run(azure(), "../admin?x=").terminal()).error();

        assertThat(error.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void configuration_needs_an_endpoint_and_a_sane_api_version() {
        assertThatThrownBy(() -> AzureOpenAiConfig.builder().build())
                .hasMessageContaining("endpoint must be the resource's absolute http(s) URL");
        assertThatThrownBy(() -> AzureOpenAiConfig.builder().endpoint("https://r.openai.azure.com")
                .apiVersion("2024-10-21&x=1").build())
                .hasMessageContaining("apiVersion must look like");
        assertThatThrownBy(() -> AzureOpenAiConfig.builder().endpoint("https://r.openai.azure.com")
                .httpClient(HTTP).http((request, handler) -> () -> { }).build())
                .hasMessageContaining("either httpClient or http");
        AzureOpenAiConfig config = AzureOpenAiConfig.builder().endpoint("https://r.openai.azure.com/").build();
        assertThat(config.endpoint().toString()).isEqualTo("https://r.openai.azure.com");
        assertThat(config.urlStyle()).isEqualTo(AzureUrlStyle.DEPLOYMENT);
        assertThat(config.credentialName()).isEqualTo("AZURE_OPENAI_API_KEY");
        assertThat(new AzureOpenAiChatProvider(config).name()).isEqualTo("azure");
    }
}
