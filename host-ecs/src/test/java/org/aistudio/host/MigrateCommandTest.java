package org.aistudio.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.junit.jupiter.api.Test;

/** {@code migrate} and {@code migrate status} of the host's jar, on real databases. */
class MigrateCommandTest {

    private static final Pattern APPLIED = Pattern.compile("applied (\\d+) migration\\(s\\)");
    private static final Pattern PENDING = Pattern.compile("current version: (\\S+); pending: (\\d+)");

    /** What one run printed and returned. */
    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MigrateCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> env(TestDatabase db) {
        return Map.of("DATASOURCES_DEFAULT_URL", db.jdbcUrl(), "DATASOURCES_DEFAULT_USERNAME", db.username(),
                "DATASOURCES_DEFAULT_PASSWORD", db.password());
    }

    private static int pending(Run status) {
        Matcher m = PENDING.matcher(status.out());
        assertThat(m.find()).as(status.out()).isTrue();
        return Integer.parseInt(m.group(2));
    }

    @Test
    void migrates_a_fresh_database_and_reports_it() {
        TestDatabase db = EmbeddedDatabase.createEmptyDatabase();

        Run before = run(env(db), "migrate", "status");
        assertThat(before.exit()).isZero();
        assertThat(before.out()).contains("current version: none").contains("Pending").contains("initial schema");
        int toApply = pending(before);
        assertThat(toApply).isPositive();

        Run migrate = run(env(db), "migrate");
        assertThat(migrate.exit()).as(migrate.err()).isZero();
        Matcher applied = APPLIED.matcher(migrate.out());
        assertThat(applied.find()).isTrue();
        assertThat(Integer.parseInt(applied.group(1))).isEqualTo(toApply);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ai_streaming_jobs'"))
                .isEqualTo(1);

        Run after = run(env(db), "migrate", "status");
        assertThat(after.exit()).isZero();
        assertThat(pending(after)).isZero();
        assertThat(after.out()).contains("Success").doesNotContain("Pending");
    }

    @Test
    void a_migrated_database_is_left_as_it_is() {
        TestDatabase db = EmbeddedDatabase.createDatabase();
        long history = db.queryLong("SELECT count(*) FROM flyway_schema_history");

        Run migrate = run(env(db), "migrate");
        assertThat(migrate.exit()).isZero();
        assertThat(migrate.out()).contains("applied 0 migration(s)");
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history")).isEqualTo(history);
        assertThat(pending(run(env(db), "migrate", "status"))).isZero();
    }

    @Test
    void an_unreachable_database_exits_non_zero_without_printing_the_password() {
        Map<String, String> env = Map.of("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://127.0.0.1:1/aistudio?connectTimeout=2",
                "DATASOURCES_DEFAULT_USERNAME", "aistudio", "DATASOURCES_DEFAULT_PASSWORD", "do-not-print-me");
        for (String[] args : new String[][] {{"migrate"}, {"migrate", "status"}}) {
            Run run = run(env, args);
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).startsWith("migration failed:");
            assertThat(run.out() + run.err()).doesNotContain("do-not-print-me");
        }
    }

    @Test
    void a_failing_migration_exits_non_zero() {
        TestDatabase db = EmbeddedDatabase.createEmptyDatabase();
        // A schema Flyway did not create and has no history of: it refuses to migrate it.
        db.execute("CREATE TABLE users (id BIGINT PRIMARY KEY)");
        Run migrate = run(env(db), "migrate");
        assertThat(migrate.exit()).isEqualTo(1);
        assertThat(migrate.err()).startsWith("migration failed:");
    }

    @Test
    void wrong_arguments_exit_2_with_the_usage() {
        Run run = run(Map.of(), "migrate", "sideways");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("usage: migrate [status]");
    }
}
