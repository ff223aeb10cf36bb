package org.aistudio.host.admin;

import static org.aistudio.host.admin.AdminApi.model;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.RunningHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal of the admin model API: its status, its code, a message naming the field, and nothing written. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminModelValidationTest {

    private TestDatabase db;
    private RunningHost host;
    private AdminApi admin;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        host = RunningHost.start(db);
        admin = new AdminApi(host, host.token("root", "admin"));
        // a -> b -> c, and an inactive model: the fixtures of the fallback rules.
        created(model("c", ""));
        created(model("b", "\"fallbacks\":[\"c\"]"));
        created(model("a", "\"fallbacks\":[\"b\"]"));
        created(model("off", "\"active\":false"));
    }

    @AfterAll
    void stop() {
        host.close();
    }

    private void created(String json) {
        assertThat(admin.create(json).statusCode()).isEqualTo(201);
    }

    static Stream<Arguments> refusedCreations() {
        return Stream.of(
                Arguments.of(model("p", "\"provider\":\"anthropic\"").replace("\"provider\":\"demo\",", ""),
                        "provider 'anthropic' is not a known provider; known: azure, bedrock, demo, gemini, openai, "
                                + "openai-compatible"),
                Arguments.of(model("p", "\"fallbacks\":[\"p\"]"), "fallbacks would make a cycle: p -> p"),
                Arguments.of(model("p", "\"fallbacks\":[\"nope\"]"), "fallbacks names 'nope', which is not a model"),
                Arguments.of(model("p", "\"fallbacks\":[\"off\"]"), "fallbacks names 'off', which is not active"),
                Arguments.of(model("p", "\"inputCostPer1k\":-0.5"), "inputCostPer1k must not be negative, got -0.5"),
                Arguments.of(model("p", "\"outputCostPer1k\":-1"), "outputCostPer1k must not be negative, got -1"),
                Arguments.of(model("p", "\"maxTokens\":0"), "maxTokens must be a positive number, got 0"),
                Arguments.of(model("p", "\"maxTokens\":-10"), "maxTokens must be a positive number, got -10"),
                Arguments.of(model("p", "\"idleTimeoutMs\":0"), "idleTimeoutMs must be a positive number, got 0"),
                Arguments.of(model("bad key", ""), "key must be 1 to 100 letters"),
                Arguments.of(model("-dash", ""), "key must be 1 to 100 letters"),
                Arguments.of(model("k".repeat(101), ""), "key must be 1 to 100 letters"),
                Arguments.of(model("p", "").replace("\"name\":\"Model p\",", ""), "name is required"),
                Arguments.of(model("p", "\"maxTokens\":\"many\""), "maxTokens must be a whole number"),
                Arguments.of(model("p", "\"maxTokens\":1.5"), "maxTokens must be a whole number"),
                Arguments.of(model("p", "\"inputCostPer1k\":\"1\""), "inputCostPer1k must be a number"),
                Arguments.of(model("p", "\"fallbacks\":\"a\""), "fallbacks must be an array of strings"),
                Arguments.of(model("p", "\"roles\":[1]"), "roles[0] must be a string"),
                Arguments.of(model("p", "\"active\":\"yes\""), "active must be true or false"),
                Arguments.of(model("p", "\"inputCostPerK\":1"), "'inputCostPerK' is not a field of a model"),
                Arguments.of("[1]", "The body must be a JSON object."));
    }

    @ParameterizedTest
    @MethodSource("refusedCreations")
    void invalid_content_is_422_naming_the_field_and_writes_nothing(String body, String message) {
        long before = modelCount();
        HttpResponse<String> r = admin.create(body);
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode error = AdminApi.json(r.body());
        assertThat(error.path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(error.path("error").path("message").asText()).startsWith(message);
        assertThat(error.path("requestId").asText()).isNotBlank();
        assertThat(modelCount()).isEqualTo(before);
    }

    @Test
    void a_two_model_cycle_is_refused_on_put() {
        HttpResponse<String> r = admin.replace("b", model("b", "\"fallbacks\":[\"a\"]"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(message(r)).isEqualTo("fallbacks would make a cycle: b -> a -> b.");
        assertThat(db.queryString("SELECT array_to_string(fallbacks, ',') FROM ai_models WHERE key = 'b'"))
                .isEqualTo("c");
    }

    @Test
    void a_longer_cycle_is_refused_on_put() {
        HttpResponse<String> r = admin.replace("c", model("c", "\"fallbacks\":[\"a\"]"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(message(r)).isEqualTo("fallbacks would make a cycle: c -> a -> b -> c.");
    }

    @Test
    void a_duplicate_key_is_409() {
        HttpResponse<String> r = admin.create(model("a", ""));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(code(r)).isEqualTo("model_exists");
        assertThat(message(r)).contains("'a'");

        HttpResponse<String> inactive = admin.create(model("off", ""));
        assertThat(inactive.statusCode()).isEqualTo(409);
        assertThat(message(inactive)).contains("inactive").contains("\"active\": true");
    }

    @Test
    void an_unknown_key_is_404_on_put_and_delete() {
        HttpResponse<String> put = admin.replace("ghost", model("ghost", ""));
        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(code(put)).isEqualTo("model_not_found");
        HttpResponse<String> delete = admin.delete("ghost");
        assertThat(delete.statusCode()).isEqualTo(404);
        assertThat(code(delete)).isEqualTo("model_not_found");
        assertThat(db.queryLong("SELECT count(*) FROM ai_models WHERE key = 'ghost'")).isZero();
    }

    @Test
    void malformed_json_is_400() {
        long before = modelCount();
        for (HttpResponse<String> r : new HttpResponse[] {admin.create("{\"key\": "), admin.replace("a", "{nope")}) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(code(r)).isEqualTo("invalid_json");
        }
        assertThat(modelCount()).isEqualTo(before);
    }

    @Test
    void a_put_may_not_rename_the_model() {
        HttpResponse<String> r = admin.replace("a", model("a2", ""));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(message(r)).startsWith("key must match the key in the path ('a')");
    }

    @Test
    void a_model_that_an_active_model_falls_back_to_cannot_be_deactivated() {
        HttpResponse<String> delete = admin.delete("c");
        assertThat(delete.statusCode()).isEqualTo(409);
        assertThat(code(delete)).isEqualTo("model_in_use");
        assertThat(message(delete)).contains("active model(s) b");
        HttpResponse<String> put = admin.replace("c", model("c", "\"active\":false"));
        assertThat(put.statusCode()).isEqualTo(409);
        assertThat(db.queryString("SELECT active::text FROM ai_models WHERE key = 'c'")).isEqualTo("true");
    }

    @Test
    void a_put_replaces_every_field_and_a_get_round_trips() {
        created(model("round", "\"maxTokens\":100,\"inputCostPer1k\":0.0025,\"roles\":[\"r2\",\"r1\"],"
                + "\"reasoning\":true,\"totalTimeoutMs\":60000"));
        JsonNode listed = null;
        for (JsonNode m : AdminApi.json(admin.list().body()).path("models")) {
            if (m.path("key").asText().equals("round")) {
                listed = m;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("inputCostPer1k").decimalValue()).isEqualByComparingTo("0.0025");
        assertThat(listed.path("roles").toString()).isEqualTo("[\"r1\",\"r2\"]");
        assertThat(listed.has("idleTimeoutMs")).isTrue();
        assertThat(admin.replace("round", listed.toString()).statusCode()).isEqualTo(200);

        HttpResponse<String> replaced = admin.replace("round", model("round", ""));
        JsonNode after = AdminApi.json(replaced.body());
        assertThat(after.path("maxTokens").isNull()).isTrue();
        assertThat(after.path("roles").size()).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM model_access_grants g JOIN ai_models m ON m.id = g.model_id "
                + "WHERE m.key = 'round'")).isZero();
    }

    private long modelCount() {
        return db.queryLong("SELECT count(*) FROM ai_models");
    }

    private static String code(HttpResponse<String> r) {
        return AdminApi.json(r.body()).path("error").path("code").asText();
    }

    private static String message(HttpResponse<String> r) {
        return AdminApi.json(r.body()).path("error").path("message").asText();
    }
}
