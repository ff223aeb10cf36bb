package org.aistudio.host.security;

import static org.aistudio.host.security.ErrorBodies.assertContractError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.fixtures.jwt.JwksServer;
import org.aistudio.fixtures.jwt.JwtMinter;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A host that knows only a JWKS URL, as with an Amazon Cognito user pool. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwksTokenTest {

    private final RSAKey rsa = JwtMinter.newRsaKey("rsa-1");
    private final ECKey ec = JwtMinter.newEcKey("ec-1");
    private JwksServer jwks;
    private TestDatabase db;
    private RunningHost host;

    @BeforeAll
    void start() {
        jwks = JwksServer.start(List.of(rsa, ec));
        db = EmbeddedDatabase.createDatabase();
        Map<String, Object> overrides = new HashMap<>(JwksProperties.forUrl(jwks.url()));
        overrides.put(JwksProperties.SECRET_PROPERTY, null);
        host = RunningHost.start(db, overrides);
    }

    @AfterAll
    void stop() {
        host.close();
        jwks.close();
    }

    @Test
    void rs256_and_es256_tokens_signed_with_published_keys_are_accepted() {
        JWTClaimsSet claims = JwtMinter.claims("jwks-user", "user").build();
        assertThat(Http.get(host.uri("/api/conversations"), JwtMinter.rs256(rsa, claims)).statusCode()).isEqualTo(200);
        assertThat(Http.get(host.uri("/api/conversations"), JwtMinter.es256(ec, claims)).statusCode()).isEqualTo(200);
        assertThat(jwks.requests()).isPositive();
    }

    Stream<Arguments> refusedTokens() {
        JWTClaimsSet claims = JwtMinter.claims("mallory", "admin").build();
        byte[] der = publicKeyDer();
        byte[] pem = ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
        String rs = JwtMinter.rs256(rsa, JwtMinter.claims("mallory", "user").build());
        return Stream.of(
                Arguments.of("HS256 signed with the RSA public key (DER)", JwtMinter.hs256WithKey(der, claims)),
                Arguments.of("HS256 signed with the RSA public key (PEM)", JwtMinter.hs256WithKey(pem, claims)),
                Arguments.of("HS256 with the test secret", new JwtMinter(RunningHost.SECRET).sign(claims)),
                Arguments.of("alg none", JwtMinter.unsigned(claims)),
                Arguments.of("RS256 with an unpublished key", JwtMinter.rs256(JwtMinter.newRsaKey("rsa-1"), claims)),
                Arguments.of("ES256 with an unpublished key", JwtMinter.es256(JwtMinter.newEcKey("ec-1"), claims)),
                Arguments.of("tampered payload", JwtMinter.tampered(rs, claims)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void tokens_not_signed_by_a_published_key_are_401(String why, String token) {
        assertContractError(Http.get(host.uri("/api/conversations"), token), 401, "unauthorized");
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE subject = 'mallory'")).isZero();
    }

    @Test
    void roles_come_from_roles_and_cognito_groups() {
        String token = JwtMinter.rs256(rsa, JwtMinter.claims("cognito-admin", "user")
                .claim("cognito:groups", List.of("admin", "research")).claim("token_use", "access").build());
        assertThat(Http.get(host.uri("/api/conversations"), token).statusCode()).isEqualTo(200);
        assertThat(db.queryString("SELECT string_agg(r, ',' ORDER BY r) FROM "
                + "(SELECT unnest(roles) FROM users WHERE subject = 'cognito-admin') u(r)"))
                .isEqualTo("admin,research,user");
        assertThat(Http.get(host.uri("/api/admin/models"), token).statusCode()).isNotIn(401, 403);
        String member = JwtMinter.rs256(rsa, JwtMinter.claims("cognito-member")
                .claim("cognito:groups", List.of("research")).build());
        assertContractError(Http.get(host.uri("/api/admin/models"), member), 403, "forbidden");
    }

    @Test
    void a_host_without_any_way_to_verify_tokens_does_not_start() {
        Map<String, Object> none = new HashMap<>();
        none.put(JwksProperties.SECRET_PROPERTY, null);
        assertThatThrownBy(() -> RunningHost.start(db, none)).hasStackTraceContaining("AISTUDIO_JWT_JWKS_URL");
    }

    @Test
    void a_short_secret_does_not_start() {
        assertThatThrownBy(() -> RunningHost.start(db, Map.of(JwksProperties.SECRET_PROPERTY, "too-short")))
                .hasStackTraceContaining("at least 32 bytes");
    }

    @Test
    void a_clock_skew_of_hours_does_not_start() {
        assertThatThrownBy(() -> RunningHost.start(db, Map.of("aistudio.jwt.clock-skew", "2h")))
                .hasStackTraceContaining("AISTUDIO_JWT_CLOCK_SKEW");
    }

    @Test
    void a_jwks_url_must_be_https_unless_it_is_local() {
        assertThatThrownBy(() -> JwksProperties.forUrl("http://cognito-idp.example.com/pool/.well-known/jwks.json"))
                .hasMessageContaining("https");
        assertThat(JwksProperties.forUrl("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json"))
                .containsEntry("micronaut.security.token.jwt.signatures.jwks.aistudio-ec.key-type", "EC");
    }

    private byte[] publicKeyDer() {
        try {
            return rsa.toPublicKey().getEncoded();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
