package org.aistudio.host.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /v1} on the wire: validation in OpenAI's error shape, models by grant, resume, cancel, conversations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String HI = "[{\"role\":\"user\",\"content\":\"hi\"}]";

    private TestDatabase db;
    private RunningHost host;
    private String alice;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        db.execute("INSERT INTO ai_models (key, name, provider, provider_model_id) VALUES "
                + "('staff-only', 'Staff only', 'demo', 'demo-1')");
        db.execute("INSERT INTO model_access_grants (model_id, role) SELECT id, 'staff' FROM ai_models WHERE key = 'staff-only'");
        db.execute("INSERT INTO ai_models (key, name, provider, provider_model_id, active) VALUES "
                + "('retired', 'Retired', 'demo', 'demo-1', false)");
        host = RunningHost.start(db, Map.of());
        alice = host.token("alice", "user");
    }

    @AfterAll
    void stop() {
        host.close();
    }

    Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("{\"messages\":" + HI + "}", "model"),
                Arguments.of("{\"model\":5,\"messages\":" + HI + "}", "model"),
                Arguments.of("{\"model\":\"demo\"}", "messages"),
                Arguments.of("{\"model\":\"demo\",\"messages\":[]}", "messages"),
                Arguments.of("{\"model\":\"demo\",\"messages\":{\"role\":\"user\"}}", "messages"),
                Arguments.of("{\"model\":\"demo\",\"messages\":[{\"role\":\"system\",\"content\":\"only\"}]}", "messages"),
                Arguments.of("{\"model\":\"demo\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}", "messages[0].role"),
                Arguments.of("{\"model\":\"demo\",\"messages\":[{\"content\":\"hi\"}]}", "messages[0].role"),
                Arguments.of("{\"model\":\"demo\",\"messages\":[{\"role\":\"user\"}]}", "messages[0].content"),
                Arguments.of("{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content"),
                Arguments.of("{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
                        "messages[0].content[0].text"),
                Arguments.of("{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]}",
                        "messages[0].content[0].type"),
                Arguments.of(body("\"max_tokens\":0"), "max_tokens"),
                Arguments.of(body("\"max_tokens\":\"10\""), "max_tokens"),
                Arguments.of(body("\"max_completion_tokens\":1.5"), "max_completion_tokens"),
                Arguments.of(body("\"temperature\":2.5"), "temperature"),
                Arguments.of(body("\"temperature\":-0.1"), "temperature"),
                Arguments.of(body("\"temperature\":\"hot\""), "temperature"),
                Arguments.of(body("\"top_p\":1.5"), "top_p"),
                Arguments.of(body("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"), "stop"),
                Arguments.of(body("\"stop\":[1]"), "stop"),
                Arguments.of(body("\"stop\":{}"), "stop"),
                Arguments.of(body("\"reasoning_effort\":\"extreme\""), "reasoning_effort"),
                Arguments.of(body("\"stream\":\"yes\""), "stream"),
                Arguments.of(body("\"stream_options\":{\"include_usage\":true}"), "stream_options"),
                Arguments.of(body("\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"}"),
                        "stream_options.include_usage"),
                Arguments.of(body("\"n\":2"), "n"),
                Arguments.of(body("\"user\":5"), "user"));
    }

    private static String body(String extra) {
        return "{\"model\":\"demo\",\"messages\":" + HI + "," + extra + "}";
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidBodies")
    void each_invalid_field_is_400_in_openais_shape_naming_it_and_writes_nothing(String body, String param) {
        long jobs = jobCount();
        HttpResponse<String> response = Http.postJson(host.uri("/v1/chat/completions"), alice, body);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = openAiError(response);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("code").asText()).isNotBlank();
        assertThat(jobCount()).isEqualTo(jobs);
    }

    @Test
    void malformed_json_is_400_with_a_null_param() {
        HttpResponse<String> response = Http.postJson(host.uri("/v1/chat/completions"), alice, "{\"model\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = openAiError(response);
        assertThat(error.path("code").asText()).isEqualTo("invalid_json");
        assertThat(error.get("param").isNull()).isTrue();
    }

    @Test
    void image_and_tool_content_is_422_naming_the_part() {
        HttpResponse<String> image = Http.postJson(host.uri("/v1/chat/completions"), alice, "{\"model\":\"demo\","
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}");
        assertThat(image.statusCode()).isEqualTo(422);
        assertThat(openAiError(image).path("param").asText()).isEqualTo("messages[0].content[1]");

        HttpResponse<String> tool = Http.postJson(host.uri("/v1/chat/completions"), alice, "{\"model\":\"demo\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"tool\",\"content\":\"42\","
                + "\"tool_call_id\":\"c1\"}]}");
        assertThat(tool.statusCode()).isEqualTo(422);
        assertThat(openAiError(tool).path("param").asText()).isEqualTo("messages[1].role");
    }

    @Test
    void unknown_fields_are_ignored_and_content_parts_and_developer_messages_are_read() throws IOException {
        HttpResponse<String> response = Http.postJson(host.uri("/v1/chat/completions"), alice, "{\"model\":\"demo\","
                + "\"messages\":[{\"role\":\"developer\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"Hello\"},{\"type\":\"text\",\"text\":\"there\"}],\"name\":\"al\"}],"
                + "\"seed\":7,\"frequency_penalty\":0.5,\"logit_bias\":{},\"metadata\":{\"a\":\"b\"},\"store\":false,"
                + "\"a_field_from_the_future\":[1,2],\"stop\":\"zzz\",\"top_p\":0.9,\"temperature\":0,\"user\":\"u-1\","
                + "\"max_tokens\":3}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode completion = JSON.readTree(response.body());
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Hello from the ");
        String jobId = response.headers().firstValue("x-job-id").orElseThrow();
        assertThat(db.queryString("SELECT request_data->>'surface' FROM ai_streaming_jobs WHERE id = '" + jobId + "'"))
                .isEqualTo("openai");
        assertThat(db.queryString("SELECT content FROM messages WHERE role = 'user' AND conversation_id = "
                + "(SELECT conversation_id FROM ai_streaming_jobs WHERE id = '" + jobId + "')")).isEqualTo("Hello\nthere");
    }

    @Test
    void unknown_and_forbidden_models_name_the_model_param_and_write_nothing() {
        long jobs = jobCount();
        HttpResponse<String> unknown = Http.postJson(host.uri("/v1/chat/completions"), alice,
                "{\"model\":\"nope\",\"messages\":" + HI + "}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(openAiError(unknown).path("code").asText()).isEqualTo("model_not_found");
        assertThat(openAiError(unknown).path("param").asText()).isEqualTo("model");
        assertThat(openAiError(unknown).path("type").asText()).isEqualTo("invalid_request_error");

        HttpResponse<String> forbidden = Http.postJson(host.uri("/v1/chat/completions"), alice,
                "{\"model\":\"staff-only\",\"messages\":" + HI + "}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(openAiError(forbidden).path("code").asText()).isEqualTo("model_not_allowed");
        assertThat(openAiError(forbidden).path("param").asText()).isEqualTo("model");

        HttpResponse<String> retired = Http.postJson(host.uri("/v1/chat/completions"), alice,
                "{\"model\":\"retired\",\"messages\":" + HI + "}");
        assertThat(retired.statusCode()).isEqualTo(404);
        assertThat(jobCount()).isEqualTo(jobs);
    }

    @Test
    void no_token_is_401_in_openais_shape() {
        HttpResponse<String> response = Http.postJson(host.uri("/v1/chat/completions"), null,
                "{\"model\":\"demo\",\"messages\":" + HI + "}");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(openAiError(response).path("type").asText()).isEqualTo("authentication_error");
        assertThat(Http.get(host.uri("/v1/models"), null).statusCode()).isEqualTo(401);
    }

    @Test
    void models_lists_only_the_active_models_the_caller_may_use() throws IOException {
        assertThat(modelIds(alice)).contains("demo").doesNotContain("staff-only", "retired");
        assertThat(modelIds(host.token("bob", "staff"))).contains("demo", "staff-only").doesNotContain("retired");
        assertThat(modelIds(host.token("root", "admin"))).contains("demo", "staff-only").doesNotContain("retired");

        JsonNode list = JSON.readTree(Http.get(host.uri("/v1/models"), alice).body());
        assertThat(list.path("object").asText()).isEqualTo("list");
        JsonNode demo = list.path("data").get(0);
        assertThat(demo.path("object").asText()).isEqualTo("model");
        assertThat(demo.path("owned_by").asText()).isEqualTo("demo");
        assertThat(demo.path("created").asLong()).isPositive();

        HttpResponse<String> hidden = Http.get(host.uri("/v1/models/staff-only"), alice);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(openAiError(hidden).path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void a_stream_resumes_by_job_id_after_last_event_id_with_the_same_frames() {
        List<SseStream.Event> first;
        String jobId;
        try (SseStream stream = Http.openChat(host.uri("/v1/chat/completions"), alice,
                body("\"stream\":true,\"stream_options\":{\"include_usage\":true}"))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("content-type")).startsWith("text/event-stream");
            assertThat(stream.header("cache-control")).isEqualTo("no-cache");
            assertThat(stream.header("x-conversation-id")).startsWith("oa-");
            assertThat(stream.header("x-request-id")).isNotBlank();
            jobId = stream.header("x-job-id");
            first = stream.readAll();
        }
        assertThat(first.get(first.size() - 1).done()).isTrue();
        for (int i = 0; i < first.size() - 1; i++) {
            assertThat(first.get(i).id()).isEqualTo(Integer.toString(i + 1));
            assertThat(first.get(i).json().path("object").asText()).isEqualTo("chat.completion.chunk");
        }

        try (SseStream resumed = Http.openGet(host.uri("/v1/jobs/" + jobId + "/stream?include_usage=true"), alice, 3L)) {
            assertThat(resumed.status()).isEqualTo(200);
            assertThat(resumed.header("x-job-id")).isEqualTo(jobId);
            assertThat(resumed.readAll()).isEqualTo(first.subList(3, first.size()));
        }
        try (SseStream other = Http.openGet(host.uri("/v1/jobs/" + jobId + "/stream"), host.token("mallory", "user"), null)) {
            assertThat(other.status()).isEqualTo(404);
        }
    }

    @Test
    void cancel_by_job_id_answers_in_openais_shape() {
        HttpResponse<String> done = Http.postJson(host.uri("/v1/chat/completions"), alice, body("\"max_tokens\":2"));
        String jobId = done.headers().firstValue("x-job-id").orElseThrow();

        HttpResponse<String> ended = Http.delete(host.uri("/v1/jobs/" + jobId), alice);
        assertThat(ended.statusCode()).isEqualTo(409);
        assertThat(openAiError(ended).path("code").asText()).isEqualTo("job_already_ended");

        HttpResponse<String> someoneElses = Http.delete(host.uri("/v1/jobs/" + jobId), host.token("mallory", "user"));
        assertThat(someoneElses.statusCode()).isEqualTo(404);
        assertThat(openAiError(someoneElses).path("code").asText()).isEqualTo("job_not_found");
        assertThat(Http.delete(host.uri("/v1/jobs/not-a-uuid"), alice).statusCode()).isEqualTo(404);
    }

    @Test
    void requests_naming_a_conversation_share_it_and_another_users_is_not_found() {
        HttpResponse<String> one = postWithConversation(alice, "team-chat-1", "First question");
        HttpResponse<String> two = postWithConversation(alice, "team-chat-1", "Second question");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(two.statusCode()).isEqualTo(200);
        assertThat(two.headers().firstValue("x-conversation-id")).contains("team-chat-1");
        assertThat(db.queryLong("SELECT count(*) FROM messages WHERE conversation_id = 'team-chat-1'")).isEqualTo(4);

        long jobs = jobCount();
        HttpResponse<String> stolen = postWithConversation(host.token("mallory", "user"), "team-chat-1", "Mine now");
        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(openAiError(stolen).path("code").asText()).isEqualTo("conversation_not_found");
        assertThat(jobCount()).isEqualTo(jobs);

        HttpResponse<String> bad = postWithConversation(alice, "not a valid id!", "hi");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(openAiError(bad).path("param").asText()).isEqualTo("x-conversation-id");
    }

    private HttpResponse<String> postWithConversation(String token, String conversationId, String text) {
        HttpRequest request = HttpRequest.newBuilder(host.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("x-conversation-id", conversationId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"demo\",\"max_tokens\":2,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"" + text + "\"}]}"))
                .build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> modelIds(String token) throws IOException {
        HttpResponse<String> response = Http.get(host.uri("/v1/models"), token);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("data").findValuesAsText("id");
    }

    /** The {@code error} object, checked to hold exactly OpenAI's four fields. */
    private static JsonNode openAiError(HttpResponse<String> response) {
        try {
            JsonNode root = JSON.readTree(response.body());
            assertThat(root.size()).as(response.body()).isEqualTo(1);
            JsonNode error = root.path("error");
            assertThat(error.isObject()).as(response.body()).isTrue();
            assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code"))
                    .as(response.body()).isTrue();
            return error;
        } catch (IOException e) {
            throw new UncheckedIOException(response.body(), e);
        }
    }

    private long jobCount() {
        return db.queryLong("SELECT count(*) FROM ai_streaming_jobs");
    }
}
