package org.aistudio.host.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat whose prompt carries a provider key, a JWT, a database password, an e-mail address and a
 * phone number, run with the production logging configuration and verbose loggers: none of them
 * is written, though lines carrying them are.
 */
class LogSanitizationTest {

    private static final String PROVIDER_KEY = "sk-proj-Qw3rTy6uIo9pAs2dFg5hJk8lZx1cVb4nMq7wEr0tYu";
    private static final String DB_PASSWORD = "Db-Pa55word-7f3k9q";
    private static final String EMAIL = "jane.doe@example.com";
    private static final String PHONE = "+44 20 7946 0958";

    @Test
    void no_secret_or_contact_data_reaches_the_log() {
        String jwt;
        String captured;
        try (LogCapture capture = LogCapture.production(List.of("org.aistudio", "io.micronaut.security",
                "io.micronaut.http.server", "com.zaxxer.hikari"))) {
            TestDatabase db = EmbeddedDatabase.createDatabase();
            // The embedded server trusts local connections, so any password works; the host is given one.
            try (RunningHost host = RunningHost.start(db, Map.of("datasources.default.password", DB_PASSWORD))) {
                jwt = host.token("log-user", "user");
                String prompt = "my key is " + PROVIDER_KEY + ", token " + jwt + ", db password=" + DB_PASSWORD
                        + ", mail " + EMAIL + ", call " + PHONE;
                try (SseStream stream = Http.openChat(host.uri("/api/chat"), jwt, ChatBodies.chat("log-chat", "demo", prompt))) {
                    assertThat(stream.status()).isEqualTo(200);
                    assertThat(stream.readAll()).isNotEmpty();
                    assertThat(stream.text()).as("the answer itself echoes the prompt").contains(PROVIDER_KEY);
                }
                Logger log = LoggerFactory.getLogger("org.aistudio.host.LogSanitizationProbe");
                log.info("Prompt of the chat: {}", prompt);
                log.warn("Upstream said: Authorization: Bearer {} api_key={}", jwt, PROVIDER_KEY);
                log.error("Database unreachable", new IllegalStateException("could not connect to postgresql://app:"
                        + DB_PASSWORD + "@db.internal:5432/app for " + EMAIL,
                        new RuntimeException("caused by " + PHONE + " and " + jwt)));
            }
            captured = capture.text();
        }
        assertThat(captured).as("the probe lines were written")
                .contains("Prompt of the chat: my key is").contains("Upstream said: Authorization: Bearer")
                .contains("IllegalStateException: could not connect to postgresql://app:")
                .contains("Caused by: java.lang.RuntimeException: caused by");
        String[] parts = jwt.split("\\.");
        assertThat(captured)
                .doesNotContain(PROVIDER_KEY)
                .doesNotContain(jwt).doesNotContain(parts[1]).doesNotContain(parts[2])
                .doesNotContain(DB_PASSWORD)
                .doesNotContain(EMAIL)
                .doesNotContain(PHONE).doesNotContain("7946 0958");
    }
}
