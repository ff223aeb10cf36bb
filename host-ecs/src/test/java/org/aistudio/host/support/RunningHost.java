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
        props.put("endpoints.all.port", -1);
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

    public static RunningHost start(TestDatabase db) {
        return start(db, Map.of());
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + server.getPort() + path);
    }

    public int port() {
        return server.getPort();
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
