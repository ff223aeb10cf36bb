package org.aistudio.host;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * What the process learns from its environment before Micronaut starts: whether to run an
 * embedded database, where its data lives, and how tokens are verified.
 */
record Settings(boolean embeddedDatabase, Path dataDir, String jwtSecret, String jwksUrl, int port) {

    static final int MIN_SECRET_BYTES = 32;

    static Settings fromEnvironment(Map<String, String> env, Properties system) {
        boolean embedded = blank(env.get("DATASOURCES_DEFAULT_URL")) && blank(system.getProperty("datasources.default.url"));
        String dir = first(env.get("AISTUDIO_DATA_DIR"), system.getProperty("aistudio.data-dir"),
                Path.of(System.getProperty("user.home"), ".aistudio").toString());
        String secret = first(env.get("AISTUDIO_JWT_SECRET"), system.getProperty("aistudio.jwt.secret"), null);
        String jwks = first(env.get("AISTUDIO_JWT_JWKS_URL"), system.getProperty("aistudio.jwt.jwks-url"), null);
        int port = Integer.parseInt(first(env.get("PORT"), system.getProperty("micronaut.server.port"), "3000"));
        if (secret != null && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("AISTUDIO_JWT_SECRET must be at least " + MIN_SECRET_BYTES
                    + " bytes long for HS256; generate one with: openssl rand -base64 48");
        }
        return new Settings(embedded, Path.of(dir), secret, jwks, port);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String first(String a, String b, String fallback) {
        return !blank(a) ? a : !blank(b) ? b : fallback;
    }
}
