package org.aistudio.host.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.host.jobs.ShutdownCoordinator;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A host of its own, drained: readiness turns 503 at once, liveness stays up. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessDrainTest {

    private RunningHost host;

    @BeforeAll
    void start() {
        host = RunningHost.start(EmbeddedDatabase.createDatabase());
    }

    @AfterAll
    void stop() {
        host.close();
    }

    @Test
    void readiness_is_503_while_draining_and_liveness_stays_up() {
        assertThat(Http.get(host.managementUri("/health/readiness"), null).statusCode()).isEqualTo(200);

        host.bean(ShutdownCoordinator.class).drain();

        HttpResponse<String> readiness = Http.get(host.managementUri("/health/readiness"), null);
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
        assertThat(Http.get(host.managementUri("/health/liveness"), null).statusCode()).isEqualTo(200);

        String admin = host.token("drain-admin", "admin");
        HttpResponse<String> health = Http.get(host.managementUri("/health"), admin);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"accepting\"").contains("\"draining\":true");

        HttpResponse<String> chat = Http.postJson(host.uri("/api/chat"), host.token("late", "user"),
                ChatBodies.chat("after-drain", "demo", "Hi"));
        assertThat(chat.statusCode()).isEqualTo(503);
    }
}
