package org.aistudio.host.security;

import static org.aistudio.host.security.ErrorBodies.assertContractError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A model with grants is only for the granted roles (and admins); refusals write nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelAccessTest {

    private TestDatabase db;
    private RunningHost host;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        db.execute("INSERT INTO ai_models (key, name, provider, provider_model_id) "
                + "VALUES ('research-model', 'Research', 'demo', 'demo-1')");
        db.execute("INSERT INTO model_access_grants (model_id, role) "
                + "SELECT id, 'research' FROM ai_models WHERE key = 'research-model'");
        host = RunningHost.start(db);
    }

    @AfterAll
    void stop() {
        host.close();
    }

    @Test
    void a_model_with_grants_is_403_for_other_roles_before_anything_is_written() {
        String token = host.token("outsider", "user", "sales");
        HttpResponse<String> response = Http.postJson(host.uri("/api/chat"), token,
                ChatBodies.chat("denied-chat", "research-model", "hello"));
        assertContractError(response, 403, "model_not_allowed");
        assertThat(db.queryLong("SELECT count(*) FROM conversations WHERE id = 'denied-chat'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM messages WHERE conversation_id = 'denied-chat'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM ai_streaming_jobs")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM rate_limit_windows")).as("not even counted").isZero();
    }

    @Test
    void the_model_list_shows_only_models_the_caller_may_use() {
        assertThat(keys(host.token("lister", "user"))).containsExactly("demo");
        assertThat(keys(host.token("researcher", "research"))).containsExactlyInAnyOrder("demo", "research-model");
        assertThat(keys(host.token("boss", "admin"))).containsExactlyInAnyOrder("demo", "research-model");
    }

    @Test
    void granted_roles_and_admins_may_chat_with_the_model() {
        for (String[] who : new String[][] {{"granted", "research"}, {"chief", "admin"}}) {
            try (SseStream stream = Http.openChat(host.uri("/api/chat"), host.token(who[0], who[1]),
                    ChatBodies.chat("chat-" + who[0], "research-model", "hello"))) {
                assertThat(stream.status()).as(who[0]).isEqualTo(200);
                stream.readAll();
            }
        }
    }

    private List<String> keys(String token) {
        HttpResponse<String> response = Http.get(host.uri("/api/models"), token);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        for (JsonNode m : ErrorBodies.json(response.body()).path("models")) {
            keys.add(m.path("key").asText());
        }
        return keys;
    }
}
