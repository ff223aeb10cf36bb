package org.aistudio.host.security;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CORS is off unless {@code AISTUDIO_CORS_ORIGINS} lists the origins (comma-separated, exact,
 * e.g. {@code https://studio.example.com}) allowed to call the API from a browser. Wildcards are
 * refused: the API carries people's conversations.
 */
public final class CorsProperties {

    public static final String ENV = "AISTUDIO_CORS_ORIGINS";
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");
    private static final String PREFIX = "micronaut.server.cors.configurations.web.";
    /** What a browser client must be able to read from a cross-origin response. */
    static final List<String> EXPOSED_HEADERS = List.of("x-request-id", "x-job-id", "x-conversation-id",
            "x-vercel-ai-ui-message-stream", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
            "Retry-After");

    private CorsProperties() {
    }

    /** The CORS properties for the environment; empty (CORS stays off) when the variable is unset. */
    public static Map<String, Object> fromEnvironment(Map<String, String> env) {
        String origins = env.get(ENV);
        return origins == null || origins.isBlank() ? Map.of() : forOrigins(origins);
    }

    /** CORS on for exactly these comma-separated origins. */
    public static Map<String, Object> forOrigins(String commaSeparated) {
        List<String> origins = Arrays.stream(commaSeparated.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
        for (String origin : origins) {
            if (!ORIGIN.matcher(origin).matches()) {
                throw new IllegalStateException(ENV + " must list origins like https://studio.example.com "
                        + "(no wildcards, paths or spaces), got '" + origin + "'");
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("micronaut.server.cors.enabled", true);
        properties.put(PREFIX + "allowed-origins", origins);
        properties.put(PREFIX + "allowed-methods", List.of("GET", "POST", "PUT", "DELETE"));
        properties.put(PREFIX + "exposed-headers", EXPOSED_HEADERS);
        properties.put(PREFIX + "allow-credentials", false);
        properties.put(PREFIX + "max-age", 600);
        return properties;
    }
}
