package org.aistudio.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.aistudio.core.job.JobStatus;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The V1 schema's functions, on a real PostgreSQL: the database enforces the same lifecycle as JobStatus. */
class SchemaFunctionsTest {

    private static final TestDatabase DB = EmbeddedDatabase.createDatabase();
    private static long user;
    private static long model;

    @BeforeAll
    static void seed() {
        DB.execute("INSERT INTO users (subject) VALUES ('schema-test')");
        user = DB.queryLong("SELECT id FROM users WHERE subject = 'schema-test'");
        model = DB.queryLong("SELECT id FROM ai_models WHERE key = 'demo'");
    }

    static Stream<Arguments> everyPair() {
        return EnumSet.allOf(JobStatus.class).stream()
                .flatMap(from -> EnumSet.allOf(JobStatus.class).stream().map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void update_job_status_refuses_what_the_lifecycle_refuses(JobStatus from, JobStatus to) {
        UUID id = insertJob(from, "0 seconds", null);
        String result = DB.queryString("SELECT update_job_status('" + id + "', '" + to.wireName()
                + "', 'partial', '{\"tokensSoFar\": 2}'::jsonb, NULL)");
        boolean legal = from.canMoveTo(to);

        assertThat(Boolean.parseBoolean(result.equals("t") ? "true" : result)).isEqualTo(legal);
        String status = DB.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + id + "'");
        assertThat(status).isEqualTo(legal ? to.wireName() : from.wireName());
        if (legal && to.terminal()) {
            assertThat(DB.queryString("SELECT completed_at IS NOT NULL FROM ai_streaming_jobs WHERE id = '" + id + "'"))
                    .isEqualTo("t");
        }
        if (legal && to == JobStatus.RUNNING) {
            assertThat(DB.queryString("SELECT (started_at IS NOT NULL AND heartbeat_at IS NOT NULL)::text "
                    + "FROM ai_streaming_jobs WHERE id = '" + id + "'")).isEqualTo("true");
        }
    }

    @Test
    void update_job_status_of_an_unknown_job_is_false() {
        assertThat(DB.queryString("SELECT update_job_status('" + UUID.randomUUID() + "', 'running')")).isEqualTo("f");
    }

    @Test
    void cleanup_removes_exactly_the_rows_the_retention_rules_name() {
        DB.execute("DELETE FROM ai_streaming_jobs");
        UUID completedOld = insertJob(JobStatus.COMPLETED, "25 hours", null);
        UUID completedRecent = insertJob(JobStatus.COMPLETED, "23 hours", null);
        UUID failedOld = insertJob(JobStatus.FAILED, "2 hours", null);
        UUID failedRecent = insertJob(JobStatus.FAILED, "30 minutes", null);
        UUID cancelledOld = insertJob(JobStatus.CANCELLED, "61 minutes", null);
        UUID pendingOld = insertJob(JobStatus.PENDING, "3 hours", null);
        UUID pendingRecent = insertJob(JobStatus.PENDING, "1 hour", null);
        UUID runningOld = insertJob(JobStatus.RUNNING, "48 hours", null);
        UUID expired = insertJob(JobStatus.COMPLETED, "1 minute", "-1 minute");
        UUID notYetExpired = insertJob(JobStatus.COMPLETED, "1 minute", "1 hour");
        UUID runningExpired = insertJob(JobStatus.RUNNING, "1 minute", "-1 minute");

        long removed = DB.queryLong("SELECT cleanup_expired_streaming_jobs()");

        assertThat(removed).isEqualTo(5);
        assertThat(remaining()).containsExactlyInAnyOrder(completedRecent, failedRecent, pendingRecent, runningOld,
                notYetExpired, runningExpired);
        assertThat(Stream.of(completedOld, failedOld, cancelledOld, pendingOld, expired)).noneMatch(remaining()::contains);
    }

    @Test
    void the_operations_guide_indexes_exist() {
        for (String index : new String[] {"idx_ai_streaming_jobs_user_status", "idx_ai_streaming_jobs_status_created",
                "idx_ai_streaming_jobs_expires", "idx_ai_streaming_jobs_conversation"}) {
            assertThat(DB.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = '" + index + "'"))
                    .as(index).isEqualTo(1);
        }
    }

    @Test
    void the_demo_model_is_seeded() {
        assertThat(DB.queryString("SELECT provider || '/' || provider_model_id FROM ai_models WHERE key = 'demo'"))
                .isEqualTo("demo/demo-1");
    }

    private java.util.List<UUID> remaining() {
        java.util.List<UUID> ids = new java.util.ArrayList<>();
        long n = DB.queryLong("SELECT count(*) FROM ai_streaming_jobs");
        for (long i = 0; i < n; i++) {
            ids.add(UUID.fromString(DB.queryString("SELECT id::text FROM ai_streaming_jobs ORDER BY id OFFSET " + i + " LIMIT 1")));
        }
        return ids;
    }

    private static UUID insertJob(JobStatus status, String age, String expiresIn) {
        UUID id = UUID.randomUUID();
        DB.execute("INSERT INTO ai_streaming_jobs (id, user_id, model_id, status, request_data, created_at, expires_at) "
                + "VALUES ('" + id + "', " + user + ", " + model + ", '" + status.wireName() + "', '{}'::jsonb, "
                + "NOW() - INTERVAL '" + age + "', " + (expiresIn == null ? "NULL" : "NOW() + INTERVAL '" + expiresIn + "'")
                + ")");
        return id;
    }
}
