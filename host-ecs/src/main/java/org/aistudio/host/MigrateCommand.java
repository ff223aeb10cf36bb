package org.aistudio.host;

import java.io.PrintStream;
import org.aistudio.host.db.EmbeddedPostgresLauncher;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * {@code migrate} applies pending migrations; {@code migrate status} lists applied and pending
 * ones. Both use the same database settings as the host and exit non-zero on failure.
 */
final class MigrateCommand {

    private MigrateCommand() {
    }

    static int run(String[] args) {
        return run(args, System.getenv(), System.out, System.err);
    }

    static int run(String[] args, java.util.Map<String, String> env, PrintStream out, PrintStream err) {
        boolean status = args.length > 1 && args[1].equals("status");
        if (args.length > 2 || (args.length == 2 && !status)) {
            err.println("usage: migrate [status]");
            return 2;
        }
        Settings settings = Settings.fromEnvironment(env, System.getProperties());
        EmbeddedPostgresLauncher embedded = settings.embeddedDatabase()
                ? EmbeddedPostgresLauncher.start(settings.dataDir()) : null;
        try {
            String url = embedded != null ? embedded.jdbcUrl() : env.getOrDefault("DATASOURCES_DEFAULT_URL",
                    System.getProperty("datasources.default.url"));
            String user = embedded != null ? embedded.username() : env.getOrDefault("DATASOURCES_DEFAULT_USERNAME",
                    System.getProperty("datasources.default.username", ""));
            String password = embedded != null ? "" : env.getOrDefault("DATASOURCES_DEFAULT_PASSWORD",
                    System.getProperty("datasources.default.password", ""));
            Flyway flyway = Flyway.configure().dataSource(url, user, password)
                    .locations("classpath:db/migration").load();
            return status ? printStatus(flyway.info(), out) : migrate(flyway, out);
        } catch (RuntimeException e) {
            err.println("migration failed: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
            return 1;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static int migrate(Flyway flyway, PrintStream out) {
        MigrateResult result = flyway.migrate();
        out.printf("applied %d migration(s); schema version %s%n", result.migrationsExecuted,
                result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion);
        return result.success ? 0 : 1;
    }

    private static int printStatus(MigrationInfoService info, PrintStream out) {
        out.printf("%-10s %-40s %-10s%n", "version", "description", "state");
        for (MigrationInfo m : info.all()) {
            out.printf("%-10s %-40s %-10s%n", m.getVersion(), m.getDescription(), m.getState().getDisplayName());
        }
        MigrationInfo current = info.current();
        out.printf("current version: %s; pending: %d%n", current == null ? "none" : current.getVersion(),
                info.pending().length);
        return 0;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
