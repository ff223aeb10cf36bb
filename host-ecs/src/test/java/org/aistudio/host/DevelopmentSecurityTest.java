package org.aistudio.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment's token settings become Micronaut's signature properties; no dev secret then. */
class DevelopmentSecurityTest {

    private static final String COGNITO = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12/.well-known/jwks.json";

    @TempDir
    Path dir;

    @Test
    void a_jwks_url_configures_rsa_and_ec_keys_from_it_and_no_development_secret() {
        Map<String, Object> properties = configure(Map.of("AISTUDIO_JWT_JWKS_URL", COGNITO));
        assertThat(properties)
                .containsEntry("micronaut.security.token.jwt.signatures.jwks.aistudio-rsa.url", COGNITO)
                .containsEntry("micronaut.security.token.jwt.signatures.jwks.aistudio-ec.url", COGNITO)
                .doesNotContainKey(DevelopmentSecurity.SECRET_PROPERTY)
                .doesNotContainKey("aistudio.playground.dev-token");
    }

    @Test
    void a_secret_and_a_jwks_url_may_both_be_set() {
        String secret = "a-production-secret-that-is-long-enough-0123456789";
        Map<String, Object> properties = configure(Map.of("AISTUDIO_JWT_JWKS_URL", COGNITO, "AISTUDIO_JWT_SECRET", secret));
        assertThat(properties).containsEntry(DevelopmentSecurity.SECRET_PROPERTY, secret)
                .containsKey("micronaut.security.token.jwt.signatures.jwks.aistudio-rsa.url");
    }

    @Test
    void neither_generates_a_development_secret_kept_in_the_data_folder() {
        Map<String, Object> properties = configure(Map.of());
        assertThat((String) properties.get(DevelopmentSecurity.SECRET_PROPERTY)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(dir.resolve("dev-jwt-secret")).exists();
    }

    @Test
    void a_plain_http_jwks_url_off_this_machine_is_refused() {
        assertThatThrownBy(() -> configure(Map.of("AISTUDIO_JWT_JWKS_URL", "http://keys.example.com/jwks.json")))
                .hasMessageContaining("https");
    }

    private Map<String, Object> configure(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("AISTUDIO_DATA_DIR", dir.toString());
        Map<String, Object> properties = new HashMap<>();
        DevelopmentSecurity.configure(Settings.fromEnvironment(all, new Properties()), properties);
        return properties;
    }
}
