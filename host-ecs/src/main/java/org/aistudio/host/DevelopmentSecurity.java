package org.aistudio.host;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.aistudio.host.security.JwksProperties;

/**
 * The embedded default run's token set-up: when no secret and no JWKS URL are configured, an
 * HS256 secret is generated once and kept in the data folder, and a token for a demo user is
 * printed with a ready {@code curl} line.
 */
final class DevelopmentSecurity {

    static final String SECRET_PROPERTY = JwksProperties.SECRET_PROPERTY;
    static final String DEMO_SUBJECT = "demo-user";

    private final String secret;

    private DevelopmentSecurity(String secret) {
        this.secret = secret;
    }

    /**
     * Sets the signature properties; returns the development set-up when one was generated. A
     * secret and a JWKS URL may both be set (e.g. while moving to Cognito): each token is then
     * verified with the key material of its own algorithm family only.
     */
    static DevelopmentSecurity configure(Settings settings, Map<String, Object> properties) {
        if (settings.jwtSecret() != null) {
            properties.put(SECRET_PROPERTY, settings.jwtSecret());
        }
        if (settings.jwksUrl() != null) {
            properties.putAll(JwksProperties.forUrl(settings.jwksUrl()));
        }
        if (settings.jwtSecret() != null || settings.jwksUrl() != null) {
            return null;
        }
        String secret = loadOrCreate(settings.dataDir().resolve("dev-jwt-secret"));
        properties.put(SECRET_PROPERTY, secret);
        properties.put("aistudio.playground.dev-token", token(secret, DEMO_SUBJECT, List.of("user"), Duration.ofDays(30)));
        return new DevelopmentSecurity(secret);
    }

    private static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.writeString(file, secret, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the data folder's own permissions apply.
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the development JWT secret in " + file, e);
        }
    }

    static String token(String secret, String subject, List<String> roles, Duration validity) {
        try {
            Instant now = Instant.now();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                    .subject(subject).claim("roles", roles).issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(validity))).build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the development token", e);
        }
    }

    void printWelcome(ApplicationContext context) {
        int port = context.getProperty("micronaut.server.port", Integer.class).orElse(3000);
        String user = token(secret, DEMO_SUBJECT, List.of("user"), Duration.ofDays(30));
        String admin = token(secret, "demo-admin", List.of("admin"), Duration.ofDays(1));
        String base = "http://localhost:" + port;
        System.out.println();
        System.out.println("AI Studio Streaming runs on embedded defaults (development secret, demo provider).");
        boolean playground = context.getProperty("aistudio.playground.enabled", Boolean.class).orElse(false);
        System.out.println(playground ? "Open " + base + "/ in a browser to chat, or stream an answer with:"
                : "Stream an answer with:");
        System.out.println();
        System.out.println("curl -N " + base + "/api/chat -H 'Authorization: Bearer " + user + "' "
                + "-H 'Content-Type: application/json' -d '{\"id\":\"chat-1\",\"modelId\":\"demo\",\"trigger\":\"submit-message\","
                + "\"messages\":[{\"id\":\"m1\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"Hello!\"}]}]}'");
        System.out.println();
        System.out.println("Admin token (management port and model catalogue): " + admin);
        System.out.println();
    }
}
