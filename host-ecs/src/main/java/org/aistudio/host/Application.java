package org.aistudio.host;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.util.HashMap;
import java.util.Map;
import org.aistudio.host.db.EmbeddedPostgresLauncher;
import org.aistudio.host.jobs.ShutdownCoordinator;
import org.aistudio.host.playground.PlaygroundSettings;
import org.aistudio.host.security.CorsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point. With no configuration it starts on embedded defaults: an embedded PostgreSQL in
 * {@code AISTUDIO_DATA_DIR}, the demo provider and a development JWT secret, and prints a ready
 * {@code curl} line. {@code migrate} and {@code migrate status} run the database migrations.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) {
        JvmDefaults.apply(System.getProperties());
        if (args.length > 0 && args[0].equals("migrate")) {
            System.exit(MigrateCommand.run(args));
        }
        Settings settings = Settings.fromEnvironment(System.getenv(), System.getProperties());
        Map<String, Object> properties = new HashMap<>();
        PlaygroundSettings.applyDefault(settings.embeddedDatabase(), System.getenv(), System.getProperties(), properties);
        EmbeddedPostgresLauncher embedded = null;
        if (settings.embeddedDatabase()) {
            embedded = EmbeddedPostgresLauncher.start(settings.dataDir());
            properties.put("datasources.default.url", embedded.jdbcUrl());
            properties.put("datasources.default.username", embedded.username());
            properties.put("datasources.default.password", "");
        }
        Tls.configure(System.getenv(), properties);
        DevelopmentSecurity dev = DevelopmentSecurity.configure(settings, properties);
        properties.putAll(CorsProperties.fromEnvironment(System.getenv()));
        ApplicationContext context;
        try {
            context = Micronaut.build(args).mainClass(Application.class).properties(properties).start();
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        ShutdownCoordinator.installSignalHandlers(context, embedded);
        if (dev != null) {
            dev.printWelcome(context);
        }
        LOG.info("AI Studio Streaming is ready");
    }
}
