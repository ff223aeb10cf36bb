package org.aistudio.host.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Models declared under {@code aistudio.models} are written at start-up; bad ones stop the start. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfiguredModelsTest {

    private TestDatabase db;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
    }

    private static Map<String, Object> declared() {
        Map<String, Object> p = new HashMap<>();
        p.put("aistudio.models.cache-ttl", "1s");
        // How Micronaut may also read the environment variable AISTUDIO_MODELS_CACHE_TTL: not a model.
        p.put("aistudio.models.cache.ttl", "1s");
        p.put("aistudio.models.cfg-main.name", "Configured main");
        p.put("aistudio.models.cfg-main.provider", "demo");
        p.put("aistudio.models.cfg-main.provider-model-id", "demo-1");
        p.put("aistudio.models.cfg-main.max-tokens", "512");
        p.put("aistudio.models.cfg-main.input-cost-per1k", "0.25");
        p.put("aistudio.models.cfg-main.output-cost-per1k", "0.5");
        p.put("aistudio.models.cfg-main.fallbacks", "cfg-spare");
        p.put("aistudio.models.cfg-main.roles", "team-c,team-d");
        p.put("aistudio.models.cfg-main.idle-timeout-ms", "30000");
        p.put("aistudio.models.cfg-spare.name", "Configured spare");
        p.put("aistudio.models.cfg-spare.provider", "openai");
        p.put("aistudio.models.cfg-spare.provider-model-id", "gpt-4o-mini");
        p.put("aistudio.models.gpt41.key", "gpt-4.1");
        p.put("aistudio.models.gpt41.name", "GPT-4.1");
        p.put("aistudio.models.gpt41.provider", "openai");
        p.put("aistudio.models.gpt41.provider-model-id", "gpt-4.1");
        p.put("aistudio.models.gpt41.active", "false");
        return p;
    }

    @Test
    void declared_models_are_upserted_at_start_up_and_serve_chats() {
        try (RunningHost host = RunningHost.start(db, declared())) {
            JsonNode main = adminModel(host, "cfg-main");
            assertThat(main.path("name").asText()).isEqualTo("Configured main");
            assertThat(main.path("maxTokens").asInt()).isEqualTo(512);
            assertThat(main.path("inputCostPer1k").decimalValue()).isEqualByComparingTo("0.25");
            assertThat(main.path("fallbacks").toString()).isEqualTo("[\"cfg-spare\"]");
            assertThat(main.path("roles").toString()).isEqualTo("[\"team-c\",\"team-d\"]");
            assertThat(main.path("idleTimeoutMs").asInt()).isEqualTo(30000);
            assertThat(adminModel(host, "gpt-4.1").path("active").asBoolean()).isFalse();
            assertThat(db.queryLong("SELECT count(*) FROM ai_models WHERE key IN ('cache-ttl', 'cache')")).isZero();

            String member = host.token("cfg-member", "team-c");
            try (SseStream s = Http.openChat(host.uri("/api/chat"), member, ChatBodies.chat("c-cfg", "cfg-main", "hi"))) {
                assertThat(s.status()).isEqualTo(200);
                assertThat(s.readAll()).anyMatch(e -> "finish".equals(e.type()));
            }
        }
    }

    @Test
    void a_restart_with_changed_configuration_rewrites_the_declared_model() {
        try (RunningHost first = RunningHost.start(db, declared())) {
            assertThat(adminModel(first, "cfg-main").path("name").asText()).isEqualTo("Configured main");
        }
        Map<String, Object> changed = declared();
        changed.put("aistudio.models.cfg-main.name", "Renamed in configuration");
        changed.put("aistudio.models.cfg-main.roles", "");
        try (RunningHost second = RunningHost.start(db, changed)) {
            JsonNode main = adminModel(second, "cfg-main");
            assertThat(main.path("name").asText()).isEqualTo("Renamed in configuration");
            assertThat(main.path("roles").size()).isZero();
        }
    }

    @Test
    void a_negative_price_in_configuration_stops_the_start_naming_the_property() {
        Map<String, Object> p = declared();
        p.put("aistudio.models.cfg-bad.name", "Bad");
        p.put("aistudio.models.cfg-bad.provider", "demo");
        p.put("aistudio.models.cfg-bad.provider-model-id", "demo-1");
        p.put("aistudio.models.cfg-bad.input-cost-per1k", "-1");

        assertThat(startFailure(p)).contains("aistudio.models.cfg-bad.input-cost-per1k must not be negative, got -1");
        assertThat(db.queryLong("SELECT count(*) FROM ai_models WHERE key = 'cfg-bad'")).isZero();
    }

    @Test
    void a_fallback_cycle_or_unknown_provider_in_configuration_stops_the_start() {
        Map<String, Object> cycle = declared();
        cycle.put("aistudio.models.cfg-spare.fallbacks", "cfg-main");
        assertThat(startFailure(cycle)).contains("aistudio.models.").contains(".fallbacks would make a cycle:");

        Map<String, Object> provider = declared();
        provider.put("aistudio.models.cfg-spare.provider", "openia");
        assertThat(startFailure(provider))
                .contains("aistudio.models.cfg-spare.provider 'openia' is not a known provider");
    }

    private static String startFailure(Map<String, Object> properties) {
        Throwable failure = catchThrowable(() -> RunningHost.start(EmbeddedDatabase.createDatabase(), properties)
                .close());
        assertThat(failure).as("the host should not start").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static JsonNode adminModel(RunningHost host, String key) {
        var r = Http.get(host.uri("/api/admin/models/" + key), host.token("root", "admin"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return AdminApi.json(r.body());
    }
}
