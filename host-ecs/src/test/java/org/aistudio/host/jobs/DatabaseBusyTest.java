package org.aistudio.host.jobs;

import static org.aistudio.host.security.ErrorBodies.assertContractError;
import static org.aistudio.host.security.ErrorBodies.assertOpenAiError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
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

/**
 * A database that cannot give a connection in time (every pooled one busy, a failover) answers new
 * chats 503 with {@code Retry-After}, in the contract's shape on both surfaces, writes nothing, and
 * serves them again once a connection is free.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseBusyTest {

    private TestDatabase db;
    private RunningHost host;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        host = RunningHost.start(db, Map.of("datasources.default.maximum-pool-size", 2,
                "datasources.default.minimum-idle", 0, "datasources.default.connection-timeout", 300));
    }

    @AfterAll
    void stop() {
        host.close();
    }

    @Test
    void chats_get_503_and_write_nothing_while_no_connection_is_free() throws Exception {
        String token = host.token("busy-user", "user");
        long jobs = db.queryLong("SELECT count(*) FROM ai_streaming_jobs");
        long messages = db.queryLong("SELECT count(*) FROM messages");
        DataSource pool = host.bean(DataSource.class);
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                taken.add(pool.getConnection());
            }
            HttpResponse<String> ui = Http.postJson(host.uri("/api/chat"), token, ChatBodies.chat("busy-1", "demo", "hi"));
            assertContractError(ui, 503, "storage_unavailable");
            assertThat(ui.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(ui.body()).doesNotContain("SQL", "Hikari", "Exception", "jdbc");

            HttpResponse<String> openAi = Http.postJson(host.uri("/v1/chat/completions"), token,
                    "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertOpenAiError(openAi, 503, "server_error");
            assertThat(openAi.body()).doesNotContain("SQL", "Hikari", "Exception", "jdbc");
        } finally {
            for (Connection c : taken) {
                c.close();
            }
        }
        assertThat(db.queryLong("SELECT count(*) FROM ai_streaming_jobs")).isEqualTo(jobs);
        assertThat(db.queryLong("SELECT count(*) FROM messages")).isEqualTo(messages);

        try (SseStream stream = Http.openChat(host.uri("/api/chat"), token, ChatBodies.chat("busy-2", "demo", "hi"))) {
            assertThat(stream.status()).isEqualTo(200);
        }
    }
}
