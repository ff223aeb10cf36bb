package org.aistudio.host.security;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Micronaut's signature properties for the token settings of the environment. A JWKS URL (for
 * Amazon Cognito: {@code https://cognito-idp.<region>.amazonaws.com/<pool id>/.well-known/jwks.json})
 * becomes two JWKS configurations over the same document, one for RSA keys (RS256) and one for
 * EC keys (ES256): Micronaut matches keys of one type per configuration.
 */
public final class JwksProperties {

    public static final String SECRET_PROPERTY = "micronaut.security.token.jwt.signatures.secret.generator.secret";
    static final String JWKS_PREFIX = "micronaut.security.token.jwt.signatures.jwks.";

    private JwksProperties() {
    }

    /** The properties that verify tokens against the keys published at {@code url}. */
    public static Map<String, Object> forUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("AISTUDIO_JWT_JWKS_URL is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
        if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
            throw new IllegalStateException("AISTUDIO_JWT_JWKS_URL must be an https URL (plain http only on "
                    + "localhost), got scheme '" + scheme + "'");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(JWKS_PREFIX + "aistudio-rsa.url", uri.toString());
        properties.put(JWKS_PREFIX + "aistudio-rsa.key-type", "RSA");
        properties.put(JWKS_PREFIX + "aistudio-ec.url", uri.toString());
        properties.put(JWKS_PREFIX + "aistudio-ec.key-type", "EC");
        return properties;
    }
}
