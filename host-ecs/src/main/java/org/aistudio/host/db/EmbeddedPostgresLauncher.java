package org.aistudio.host.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a real PostgreSQL from the embedded binaries, on a data folder that survives restarts.
 * Durable settings (fsync, synchronous commit) are turned back on, the library's own shutdown
 * hook is off (the host closes the database last, after its drain), and a server left running by
 * a killed host is stopped before a new one starts on the same folder.
 */
public final class EmbeddedPostgresLauncher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresLauncher(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresLauncher start(Path dataDir) {
        Path pgdata = dataDir.resolve("pgdata");
        try {
            Files.createDirectories(dataDir);
            stopStaleServer(pgdata);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgdata)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .start();
            LOG.info("Embedded PostgreSQL is running on port {} with its data in {}", pg.getPort(), pgdata);
            return new EmbeddedPostgresLauncher(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL could not start in " + pgdata, e);
        }
    }

    /** A postgres left behind by a killed host still holds the folder: stop it first. */
    private static void stopStaleServer(Path pgdata) throws IOException {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        Optional<ProcessHandle> process = first.matches("\\d+") ? ProcessHandle.of(Long.parseLong(first)) : Optional.empty();
        if (process.isPresent() && process.get().isAlive()
                && process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
            LOG.warn("Stopping a PostgreSQL server (pid {}) left running on {} by an earlier run", first, pgdata);
            process.get().destroy();
            process.get().onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        }
        Files.deleteIfExists(pidFile);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    public String username() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("The embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
