package org.aistudio.host.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.fixtures.jwt.JwtMinter;

/**
 * A real host on a random port, over a test database, with a known JWT secret. Several hosts may
 * share one database to play the instances behind a load balancer.
 */
public final class RunningHost implements AutoCloseable {

    public static final String SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";

    private final EmbeddedServer server;
    private final JwtMinter minter = new JwtMinter(SECRET);

    private RunningHost(EmbeddedServer server) {
        this.server = server;
    }

    /** Starts a host with the test defaults plus {@code overrides} (property name to value). */
    public static RunningHost start(TestDatabase db, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        // Management routes only answer on the configured port itself, so -1 (random) would
        // leave them unreachable: take a free port instead.
        props.put("endpoints.all.port", freePort());
        props.put("datasources.default.url", db.jdbcUrl());
        props.put("datasources.default.username", db.username());
        props.put("datasources.default.password", db.password());
        props.put("micronaut.security.token.jwt.signatures.secret.generator.secret", SECRET);
        props.put("aistudio.demo.chunk-delay", "5ms");
        props.put("aistudio.jobs.cleanup-interval", "1h");
        // Tests of other features send many chats as one user; the limit tests set the real defaults.
        props.put("aistudio.rate-limit.per-minute", 100_000);
        props.put("aistudio.rate-limit.concurrent", 100_000);
        props.putAll(overrides);
        // A null override removes a default, e.g. the HS256 secret for a host that only knows a JWKS.
        props.values().removeIf(java.util.Objects::isNull);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, "test");
        return new RunningHost(server);
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free port for the management endpoints", e);
        }
    }

    public static RunningHost start(TestDatabase db) {
        return start(db, Map.of());
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + server.getPort() + path);
    }

    public int port() {
        return server.getPort();
    }

    /** A path on the management port. */
    public URI managementUri(String path) {
        int management = context().getRequiredProperty("endpoints.all.port", Integer.class);
        return URI.create("http://localhost:" + management + path);
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    /** A token for {@code subject} with these roles, signed with the host's secret. */
    public String token(String subject, String... roles) {
        return minter.token(subject, roles);
    }

    @Override
    public void close() {
        server.close();
    }
}
