package org.aistudio.host;

import java.util.Map;

/**
 * TLS from two PEM files: {@code AISTUDIO_TLS_CERT} (certificate chain) and {@code AISTUDIO_TLS_KEY}
 * (private key). When both are set, the host serves HTTPS on {@code PORT}, HTTP/2 negotiated with
 * ALPN and HTTP/1.1 for clients that do not offer h2. Without them it serves plain HTTP/1.1 and h2c
 * (prior knowledge and upgrade), which is what the load balancer speaks to its targets.
 */
final class Tls {

    private Tls() {
    }

    static void configure(Map<String, String> env, Map<String, Object> properties) {
        String cert = env.get("AISTUDIO_TLS_CERT");
        String key = env.get("AISTUDIO_TLS_KEY");
        if (cert == null || cert.isBlank() || key == null || key.isBlank()) {
            return;
        }
        properties.put("micronaut.server.ssl.enabled", true);
        properties.put("micronaut.server.ssl.port", env.getOrDefault("PORT", "3000"));
        properties.put("micronaut.server.ssl.key-store.certificate-path", "file:" + cert);
        properties.put("micronaut.server.ssl.key-store.key-path", "file:" + key);
    }
}
