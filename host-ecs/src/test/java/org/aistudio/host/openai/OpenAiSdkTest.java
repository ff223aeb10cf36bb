package org.aistudio.host.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.demo.DemoProvider;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The official OpenAI Java SDK as the client of {@code /v1}, with a JWT as its API key. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiSdkTest {

    private TestDatabase db;
    private RunningHost host;
    private String token;
    private OpenAIClient client;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        db.execute(ScriptedProvider.insertModels());
        host = RunningHost.start(db, Map.of("spec.name", "openai"));
        token = host.token("sdk-user", "user");
        client = clientWithKey(token);
    }

    @AfterAll
    void stop() {
        client.close();
        host.close();
    }

    private OpenAIClient clientWithKey(String apiKey) {
        // No retries: every retry would be a new job, and these tests count what happened once. A
        // stuck answer fails within the timeout instead of the SDK's default ten minutes.
        return OpenAIOkHttpClient.builder().baseUrl(host.uri("/v1").toString()).apiKey(apiKey).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static ChatCompletionCreateParams.Builder ask(String model, String text) {
        return ChatCompletionCreateParams.builder().model(model).addSystemMessage("Be brief.").addUserMessage(text);
    }

    @Test
    void streams_chunks_with_reasoning_finish_reason_and_usage() {
        ChatCompletionCreateParams params = ask("demo", "Stream to me")
                .reasoningEffort(ReasoningEffort.LOW)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        String jobId;
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
                     client.chat().completions().withRawResponse().createStreaming(params)) {
            jobId = raw.headers().values("x-job-id").get(0);
            try (StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
                stream.stream().forEach(chunks::add);
            }
        }

        String expected = DemoProvider.answerFor(ChatRequest.of("demo-1", ChatMessage.user("Stream to me")));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        chunks.forEach(accumulator::accumulate);
        ChatCompletion whole = accumulator.chatCompletion();
        assertThat(whole.choices().get(0).message().content()).contains(expected);
        assertThat(whole.choices().get(0).finishReason().asString()).isEqualTo("stop");
        assertThat(whole.id()).isEqualTo("chatcmpl-" + jobId.replace("-", ""));
        assertThat(whole.model()).isEqualTo("demo");

        assertThat(chunks.get(0).choices().get(0).delta().role()).map(r -> r.asString()).contains("assistant");
        assertThat(chunks).allSatisfy(c -> assertThat(c.id()).isEqualTo(whole.id()));
        StringBuilder reasoning = new StringBuilder();
        chunks.stream().filter(c -> !c.choices().isEmpty())
                .map(c -> c.choices().get(0).delta()._additionalProperties().get("reasoning_content"))
                .filter(v -> v != null).forEach(v -> reasoning.append(v.asString().orElseThrow()));
        assertThat(reasoning.toString()).isEqualTo(DemoProvider.reasoningFor(null));

        ChatCompletionChunk usageChunk = chunks.get(chunks.size() - 1);
        assertThat(usageChunk.choices()).isEmpty();
        CompletionUsage usage = usageChunk.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(5); // "Be brief." + "Stream to me", in words
        assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).hasValueSatisfying(r ->
                assertThat(r).isPositive());
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        assertThat(db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + jobId + "'"))
                .isEqualTo("completed");
    }

    @Test
    void answers_a_whole_completion_with_usage_when_not_streaming() {
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                .create(ask("demo", "Answer at once").maxCompletionTokens(4).build());
        ChatCompletion completion = raw.parse();
        String jobId = raw.headers().values("x-job-id").get(0);

        assertThat(completion.id()).isEqualTo("chatcmpl-" + jobId.replace("-", ""));
        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.message().content()).contains("Hello from the demo ");
        assertThat(choice.finishReason().asString()).isEqualTo("length");
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.completionTokens()).isEqualTo(4);
        assertThat(usage.promptTokens()).isEqualTo(5); // "Be brief." + "Answer at once", in words
        completion.validate(); // every field the SDK requires is there, with its type
        assertThat(db.queryString("SELECT content FROM messages WHERE job_id = '" + jobId + "' AND role = 'assistant'"))
                .isEqualTo("Hello from the demo ");
    }

    @Test
    void unknown_model_is_the_sdks_not_found_exception() {
        NotFoundException e = catchThrowableOfType(NotFoundException.class,
                () -> client.chat().completions().create(ask("no-such-model", "hi").build()));
        assertThat(e.code()).contains("model_not_found");
        assertThat(e.param()).contains("model");
        assertThat(e.type()).contains("invalid_request_error");
    }

    @Test
    void invalid_temperature_is_the_sdks_bad_request_exception() {
        BadRequestException e = catchThrowableOfType(BadRequestException.class,
                () -> client.chat().completions().create(ask("demo", "hi").temperature(3.0).build()));
        assertThat(e.param()).contains("temperature");
        assertThat(e.type()).contains("invalid_request_error");
    }

    @Test
    void a_bad_token_is_the_sdks_unauthorized_exception() {
        OpenAIClient stranger = clientWithKey("not-a-jwt");
        try {
            assertThatThrownBy(() -> stranger.chat().completions().create(ask("demo", "hi").build()))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> stranger.models().list()).isInstanceOf(UnauthorizedException.class);
        } finally {
            stranger.close();
        }
    }

    @Test
    void an_upstream_failure_mid_stream_is_an_error_not_a_normal_end() {
        List<String> text = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(ask("broken", "hi").build())) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            SseException e = catchThrowableOfType(SseException.class, () -> {
                while (chunks.hasNext()) {
                    ChatCompletionChunk chunk = chunks.next();
                    assertThat(chunk.choices().get(0).finishReason()).isEmpty();
                    chunk.choices().get(0).delta().content().filter(s -> !s.isEmpty()).ifPresent(text::add);
                }
            });
            assertThat(e).as("the stream must end with an error").isNotNull();
            assertThat(e.code()).contains("provider_unavailable");
            assertThat(e.type()).contains("server_error");
            assertThat(e.getMessage()).contains("upstream went away");
        }
        assertThat(text).isEqualTo(ScriptedProvider.PARTIAL);
    }

    @Test
    void an_upstream_failure_without_streaming_is_a_server_error() {
        assertThatThrownBy(() -> client.chat().completions().create(ask("broken", "hi").build()))
                .isInstanceOfSatisfying(com.openai.errors.InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.code()).contains("provider_unavailable");
                    assertThat(e.headers().values("x-should-retry")).containsExactly("true");
                });
        assertThatThrownBy(() -> client.chat().completions().create(ask("refusing", "hi").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).contains("bad_request");
                    assertThat(e.headers().values("x-should-retry")).containsExactly("false");
                });
    }

    @Test
    void a_cancelled_stream_ends_with_a_cancelled_error() {
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
                     client.chat().completions().withRawResponse().createStreaming(ask("stuck", "hi").build())) {
            String jobId = raw.headers().values("x-job-id").get(0);
            try (StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
                Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
                while (chunks.next().choices().get(0).delta().content().orElse("").isEmpty()) {
                    // read up to the first text
                }
                HttpResponse<String> cancel = Http.delete(host.uri("/v1/jobs/" + jobId), token);
                assertThat(cancel.statusCode()).isEqualTo(202);
                SseException e = catchThrowableOfType(SseException.class, () -> chunks.forEachRemaining(c -> { }));
                assertThat(e).isNotNull();
                assertThat(e.code()).contains("cancelled");
            }
            assertThat(db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + jobId + "'"))
                    .isEqualTo("cancelled");
        }
    }

    @Test
    void lists_models_in_openais_shape() {
        List<Model> models = client.models().list().data();
        assertThat(models).extracting(Model::id).contains("demo", "broken");
        Model demo = models.stream().filter(m -> m.id().equals("demo")).findFirst().orElseThrow();
        assertThat(demo.ownedBy()).isEqualTo("demo");
        assertThat(demo.created()).isPositive();
        assertThat(client.models().retrieve("demo").id()).isEqualTo("demo");
    }
}
