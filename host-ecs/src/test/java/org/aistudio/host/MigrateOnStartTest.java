package org.aistudio.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.junit.jupiter.api.Test;

/**
 * {@code aistudio.migrate-on-start} ({@code AISTUDIO_MIGRATE_ON_START}): on by default; off, the
 * host leaves the schema to {@code migrate} and stays not ready while migrations are pending.
 */
class MigrateOnStartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static long jobTables(TestDatabase db) {
        return db.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ai_streaming_jobs'");
    }

    @Test
    void by_default_the_host_migrates_an_empty_database_at_start() {
        TestDatabase db = EmbeddedDatabase.createEmptyDatabase();
        try (RunningHost host = RunningHost.start(db)) {
            assertThat(jobTables(db)).isEqualTo(1);
            assertThat(Http.get(host.managementUri("/health/readiness"), null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void switched_off_the_host_is_not_ready_until_migrate_ran() throws Exception {
        TestDatabase db = EmbeddedDatabase.createEmptyDatabase();
        try (RunningHost host = RunningHost.start(db, Map.of("aistudio.migrate-on-start", "false"))) {
            assertThat(jobTables(db)).isZero();
            assertThat(Http.get(host.managementUri("/health/readiness"), null).statusCode()).isEqualTo(503);
            JsonNode health = JSON.readTree(Http.get(host.managementUri("/health"), host.token("ops", "admin")).body());
            JsonNode migrations = health.path("details").path("migrations");
            assertThat(migrations.path("status").asText()).isEqualTo("DOWN");
            assertThat(migrations.path("details").path("pending").asInt()).isPositive();

            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            int exit = MigrateCommand.run(new String[] {"migrate"}, Map.of("DATASOURCES_DEFAULT_URL", db.jdbcUrl(),
                    "DATASOURCES_DEFAULT_USERNAME", db.username(), "DATASOURCES_DEFAULT_PASSWORD", db.password()),
                    quiet, quiet);
            assertThat(exit).isZero();
            assertThat(Http.get(host.managementUri("/health/readiness"), null).statusCode()).isEqualTo(200);
        }
    }
}
