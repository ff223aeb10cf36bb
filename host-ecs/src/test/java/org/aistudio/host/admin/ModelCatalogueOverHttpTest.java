package org.aistudio.host.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.aistudio.core.catalog.JdbcModelCatalog;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.fixtures.upstream.FakeOpenAi;
import org.aistudio.fixtures.upstream.Script;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The catalogue as administrators and users meet it, over real HTTP on two hosts that share one
 * database and call one fake OpenAI upstream through the real adapter: a new model is usable at
 * once, grants and prices apply to the next request, and the other instance follows within the
 * catalogue cache's TTL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelCatalogueOverHttpTest {

    /** The documented delay: each instance re-reads the catalogue at most once per TTL. */
    private static final Duration TTL = Duration.ofMillis(500);
    /** Room for the requests themselves on a busy machine; the TTL is what is being waited for. */
    private static final Duration WITHIN_TTL = TTL.plus(Duration.ofSeconds(4));

    private final AtomicInteger chats = new AtomicInteger();
    private TestDatabase db;
    private FakeOpenAi openAi;
    private RunningHost a;
    private RunningHost b;
    private AdminApi adminA;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        openAi = FakeOpenAi.start();
        // OPENAI_BASE_URL and OPENAI_API_KEY, as a deployment sets them.
        Map<String, Object> props = Map.of("aistudio.models.cache-ttl", TTL.toMillis() + "ms", "test.gated", "true",
                "openai.base.url", openAi.openAiBaseUrl(), "openai.api.key", FakeOpenAi.DEFAULT_API_KEY);
        a = RunningHost.start(db, props);
        b = RunningHost.start(db, props);
        adminA = new AdminApi(a, a.token("root", "admin"));
    }

    @AfterAll
    void stop() {
        a.close();
        b.close();
        openAi.close();
    }

    @Test
    void both_hosts_cache_the_catalogue_for_the_configured_ttl() {
        assertThat(a.bean(JdbcModelCatalog.class).ttl()).isEqualTo(TTL);
        assertThat(b.bean(JdbcModelCatalog.class).ttl()).isEqualTo(TTL);
    }

    @Test
    void a_model_created_by_an_admin_serves_a_chat_at_once() {
        HttpResponse<String> created = adminA.create(openAiModel("fresh", "\"maxTokens\":1024"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("location")).contains("/api/admin/models/fresh");
        assertThat(AdminApi.json(created.body()).path("maxTokens").asInt()).isEqualTo(1024);

        String user = a.token("fresh-user", "user");
        assertThat(modelKeys(a, user)).contains("fresh");
        openAi.enqueue(Script.stream("Fresh ", "from ", "upstream."));
        try (SseStream stream = Http.openChat(a.uri("/api/chat"), user, ChatBodies.chat("c-fresh", "fresh", "Hi"))) {
            assertThat(stream.status()).isEqualTo(200);
            stream.readAll();
            assertThat(stream.text()).isEqualTo("Fresh from upstream.");
        }
        JsonNode sent = openAi.lastRequest().json();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("max_tokens").asInt(sent.path("max_completion_tokens").asInt())).isEqualTo(1024);
    }

    @Test
    void a_model_restricted_to_a_role_is_refused_and_hidden_for_users_without_it() {
        assertThat(adminA.create(AdminApi.model("team-only", "\"roles\":[\"team-x\"]")).statusCode()).isEqualTo(201);
        String outsider = a.token("outsider", "user");
        String member = a.token("member", "user", "team-x");

        assertThat(modelKeys(a, outsider)).contains("demo").doesNotContain("team-only");
        assertThat(openAiModelIds(a, outsider)).contains("demo").doesNotContain("team-only");
        HttpResponse<String> refused = Http.postJson(a.uri("/api/chat"), outsider,
                ChatBodies.chat("c-team-" + chats.incrementAndGet(), "team-only", "hi"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"code\":\"model_not_allowed\"").contains("\"requestId\"");

        assertThat(modelKeys(a, member)).contains("team-only");
        assertThat(openAiModelIds(a, member)).contains("team-only");
        chat(a, member, "team-only");

        assertThat(adminA.replace("team-only", AdminApi.model("team-only", "\"roles\":[]")).statusCode())
                .isEqualTo(200);
        assertThat(modelKeys(a, outsider)).contains("team-only");
    }

    @Test
    void a_price_change_prices_the_next_job() {
        adminA.create(openAiModel("priced", "\"inputCostPer1k\":1,\"outputCostPer1k\":2"));
        String user = a.token("payer", "user");
        openAi.enqueue(Script.stream("one ", "answer").usage(1000, 500));
        JsonNode first = usage(a, user, chat(a, user, "priced"));
        assertThat(first.path("inputTokens").asLong()).isEqualTo(1000);
        assertThat(first.path("cost").asDouble()).isCloseTo(2.0, within());

        assertThat(adminA.replace("priced", openAiModel("priced", "\"inputCostPer1k\":10,\"outputCostPer1k\":20"))
                .statusCode()).isEqualTo(200);
        openAi.enqueue(Script.stream("another ", "answer").usage(1000, 500));
        String secondJob = chat(a, user, "priced");
        assertThat(usage(a, user, secondJob).path("cost").asDouble()).isCloseTo(20.0, within());
        assertThat(db.queryString("SELECT cost::text FROM messages WHERE job_id = '" + secondJob + "'"))
                .isEqualTo("20.000000");
    }

    @Test
    void the_other_instance_sees_each_change_within_the_cache_ttl() {
        String user = b.token("remote-user", "user");
        adminA.create(openAiModel("remote", "\"inputCostPer1k\":0.5"));
        await().atMost(WITHIN_TTL).untilAsserted(() -> assertThat(modelKeys(b, user)).contains("remote"));
        chat(b, user, "remote");

        adminA.replace("remote", openAiModel("remote", "\"inputCostPer1k\":0.75"));
        await().atMost(WITHIN_TTL).untilAsserted(() ->
                assertThat(model(b, user, "remote").path("inputCostPer1k").asDouble()).isEqualTo(0.75));

        adminA.replace("remote", openAiModel("remote", "\"roles\":[\"team-r\"]"));
        await().atMost(WITHIN_TTL).untilAsserted(() -> assertThat(modelKeys(b, user)).doesNotContain("remote"));
        assertThat(Http.postJson(b.uri("/api/chat"), user, ChatBodies.chat("c-remote-403", "remote", "hi"))
                .statusCode()).isEqualTo(403);

        adminA.delete("remote");
        String member = b.token("remote-member", "user", "team-r");
        await().atMost(WITHIN_TTL).untilAsserted(() -> assertThat(modelKeys(b, member)).doesNotContain("remote"));
        assertThat(openAiModelIds(b, member)).doesNotContain("remote");
        HttpResponse<String> gone = Http.postJson(b.uri("/api/chat"), member,
                ChatBodies.chat("c-remote-404", "remote", "hi"));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("\"code\":\"model_not_found\"");
    }

    @Test
    void deleting_a_model_deactivates_it_and_lets_its_running_job_finish() {
        adminA.create("{\"key\":\"retiring\",\"name\":\"Retiring\",\"provider\":\"gated\",\"providerModelId\":\"g-1\"}");
        String user = a.token("retiree", "user");
        CompletableFuture<Void> gate = GatedProvider.PROVIDER.hold();
        try (SseStream stream = Http.openChat(a.uri("/api/chat"), user, ChatBodies.chat("c-retiring", "retiring", "hi"))) {
            assertThat(stream.status()).isEqualTo(200);
            stream.until(e -> "text-delta".equals(e.type()));

            HttpResponse<String> deleted = adminA.delete("retiring");
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(AdminApi.json(deleted.body()).path("active").asBoolean()).isFalse();
            assertThat(db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '"
                    + stream.header("x-job-id") + "'")).isEqualTo("running");
            assertThat(Http.postJson(a.uri("/api/chat"), user, ChatBodies.chat("c-retired", "retiring", "hi"))
                    .statusCode()).isEqualTo(404);

            gate.complete(null);
            List<SseStream.Event> events = stream.readAll();
            assertThat(events.get(events.size() - 2).json().path("finishReason").asText()).isEqualTo("stop");
            assertThat(stream.text()).isEqualTo("first and the rest.");
            assertThat(db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '"
                    + stream.header("x-job-id") + "'")).isEqualTo("completed");
        } finally {
            gate.complete(null);
        }
        assertThat(db.queryString("SELECT active::text FROM ai_models WHERE key = 'retiring'")).isEqualTo("false");
        assertThat(AdminApi.json(adminA.list().body()).path("models").findValuesAsText("key")).contains("retiring");
    }

    @Test
    void non_admins_get_403_in_the_contract_shape_and_change_nothing() {
        AdminApi user = new AdminApi(a, a.token("mallory", "user"));
        long models = db.queryLong("SELECT count(*) FROM ai_models");
        for (HttpResponse<String> r : List.of(user.list(), user.create(AdminApi.model("sneaky", "")),
                user.replace("demo", AdminApi.model("demo", "\"active\":false")), user.delete("demo"))) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("\"error\":{\"code\":\"forbidden\"").contains("\"requestId\"");
        }
        assertThat(db.queryLong("SELECT count(*) FROM ai_models")).isEqualTo(models);
        assertThat(db.queryString("SELECT active::text FROM ai_models WHERE key = 'demo'")).isEqualTo("true");
        assertThat(Http.get(a.uri("/api/admin/models"), null).statusCode()).isEqualTo(401);
    }

    /** Chats to the end and returns the job id. */
    private String chat(RunningHost host, String token, String model) {
        try (SseStream stream = Http.openChat(host.uri("/api/chat"), token,
                ChatBodies.chat("c-" + model + "-" + chats.incrementAndGet(), model, "Hello there"))) {
            assertThat(stream.status()).isEqualTo(200);
            List<SseStream.Event> events = stream.readAll();
            assertThat(events.get(events.size() - 2).type()).isEqualTo("finish");
            return stream.header("x-job-id");
        }
    }

    private static JsonNode usage(RunningHost host, String token, String jobId) {
        HttpResponse<String> job = Http.get(host.uri("/api/jobs/" + jobId), token);
        assertThat(job.statusCode()).isEqualTo(200);
        return AdminApi.json(job.body()).path("usage");
    }

    private static String openAiModel(String key, String extra) {
        return "{\"key\":\"" + key + "\",\"name\":\"OpenAI " + key + "\",\"provider\":\"openai\","
                + "\"providerModelId\":\"gpt-4o-mini\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.000001);
    }

    private static List<String> modelKeys(RunningHost host, String token) {
        return models(host, token).stream().map(m -> m.path("key").asText()).toList();
    }

    /** The ids of {@code GET /v1/models}, which reads the same catalogue. */
    private static List<String> openAiModelIds(RunningHost host, String token) {
        HttpResponse<String> r = Http.get(host.uri("/v1/models"), token);
        assertThat(r.statusCode()).isEqualTo(200);
        return AdminApi.json(r.body()).path("data").findValuesAsText("id");
    }

    private static JsonNode model(RunningHost host, String token, String key) {
        return models(host, token).stream().filter(m -> m.path("key").asText().equals(key)).findFirst().orElseThrow();
    }

    private static List<JsonNode> models(RunningHost host, String token) {
        HttpResponse<String> r = Http.get(host.uri("/api/models"), token);
        assertThat(r.statusCode()).isEqualTo(200);
        return StreamSupport.stream(AdminApi.json(r.body()).path("models").spliterator(), false).toList();
    }
}
