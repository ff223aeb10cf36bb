package org.aistudio.host.jobs;

import static org.aistudio.host.security.ErrorBodies.assertContractError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.aistudio.core.provider.ScriptedProvider;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.ScriptedProviders;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The provider is called while a job's rows are written only for users whose last admission left
 * room: a user at a limit never costs an upstream call, and a refusal after an early call aborts
 * it and stops early calls for that user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EarlyProviderCallTest {

    private static final ScriptedProvider UPSTREAM = ScriptedProviders.PROVIDER;
    private TestDatabase db;
    private RunningHost host;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        ScriptedProviders.addModel(db, "early", null, null);
        host = RunningHost.start(db, Map.of("test.scripted", "true",
                "aistudio.rate-limit.per-minute", 2, "aistudio.rate-limit.concurrent", 10));
    }

    @AfterAll
    void stop() {
        host.close();
    }

    @Test
    void a_user_at_the_per_minute_limit_is_refused_without_an_upstream_call() {
        String token = host.token("erin", "user");
        int before = UPSTREAM.calls();
        for (int i = 0; i < 2; i++) {
            try (SseStream stream = Http.openChat(host.uri("/api/chat"), token, ChatBodies.chat("erin-" + i, "early", "hi"))) {
                assertThat(stream.status()).isEqualTo(200);
                assertThat(readText(stream)).isEqualTo("Hello from the script.");
            }
        }
        assertContractError(Http.postJson(host.uri("/api/chat"), token, ChatBodies.chat("erin-2", "early", "hi")),
                429, "rate_limited");
        assertThat(UPSTREAM.calls() - before).isEqualTo(2);
    }

    @Test
    void a_refusal_after_an_early_call_aborts_it_and_the_next_attempt_waits_for_the_rows() throws Exception {
        String owner = host.token("frank", "user");
        String intruder = host.token("grace", "user");
        try (SseStream stream = Http.openChat(host.uri("/api/chat"), owner, ChatBodies.chat("franks-chat", "early", "hi"))) {
            assertThat(readText(stream)).isEqualTo("Hello from the script.");
        }
        try (SseStream stream = Http.openChat(host.uri("/api/chat"), intruder, ChatBodies.chat("graces-chat", "early", "hi"))) {
            assertThat(readText(stream)).isEqualTo("Hello from the script.");
        }
        // Grace's admission left room, so her next chat calls the upstream early; the conversation
        // is Frank's, so the rows are refused and that call is aborted.
        UPSTREAM.enqueue(ScriptedProvider.Script.stallAfter("never shown "));
        int calls = UPSTREAM.calls();
        int cancels = UPSTREAM.cancels();
        assertContractError(Http.postJson(host.uri("/api/chat"), intruder, ChatBodies.chat("franks-chat", "early", "mine?")),
                404, "conversation_not_found");
        assertThat(UPSTREAM.calls() - calls).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> UPSTREAM.cancels() - cancels == 1);

        // After a refusal the user's chats write their rows before any upstream call.
        assertContractError(Http.postJson(host.uri("/api/chat"), intruder, ChatBodies.chat("franks-chat", "early", "mine?")),
                404, "conversation_not_found");
        assertThat(UPSTREAM.calls() - calls).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM messages WHERE content = 'mine?'")).isZero();
    }

    private static String readText(SseStream stream) {
        stream.readAll();
        return stream.text();
    }
}
