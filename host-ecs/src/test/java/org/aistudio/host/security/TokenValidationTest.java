package org.aistudio.host.security;

import static org.aistudio.host.security.ErrorBodies.assertContractError;
import static org.aistudio.host.security.ErrorBodies.assertOpenAiError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import io.micronaut.security.token.validator.TokenValidator;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
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

/** An HS256 host that checks issuer and audience: every broken token is a 401 in the contract's shape. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenValidationTest {

    static final String ISSUER = "https://issuer.aistudio.test";
    static final String AUDIENCE = "aistudio-web";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestDatabase db;
    private RunningHost host;
    private final JwtMinter minter = new JwtMinter(RunningHost.SECRET);

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        host = RunningHost.start(db, Map.of("aistudio.jwt.issuer", ISSUER, "aistudio.jwt.audience", AUDIENCE));
    }

    @AfterAll
    void stop() {
        host.close();
    }

    static JWTClaimsSet.Builder valid(String subject) {
        return JwtMinter.claims(subject, "user").issuer(ISSUER).audience(AUDIENCE);
    }

    @Test
    void a_valid_token_is_accepted_and_its_subject_becomes_a_user() {
        HttpResponse<String> response = Http.get(host.uri("/api/conversations"),
                minter.sign(valid("valid-user").build()));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(db.queryString("SELECT array_to_string(roles, ',') FROM users WHERE subject = 'valid-user'"))
                .isEqualTo("user");
    }

    Stream<Arguments> refusedTokens() {
        Instant now = Instant.now();
        JWTClaimsSet good = valid("mallory").build();
        String signed = minter.sign(good);
        return Stream.of(
                Arguments.of("alg none", JwtMinter.unsigned(good)),
                Arguments.of("alg none, signature kept", JwtMinter.unsigned(good) + signed.split("\\.")[2]),
                Arguments.of("signed with another secret", JwtMinter.hs256WithKey(
                        "another-secret-that-is-long-enough-for-hs256!!".getBytes(), good)),
                Arguments.of("RS256 while only a secret is configured", JwtMinter.rs256(JwtMinter.newRsaKey("k1"), good)),
                Arguments.of("ES256 while only a secret is configured", JwtMinter.es256(JwtMinter.newEcKey("k2"), good)),
                Arguments.of("expired", minter.sign(valid("mallory").issueTime(Date.from(now.minusSeconds(7200)))
                        .expirationTime(Date.from(now.minusSeconds(120))).build())),
                Arguments.of("no exp", minter.sign(valid("mallory").expirationTime(null).build())),
                Arguments.of("not yet valid", minter.sign(valid("mallory").notBeforeTime(Date.from(now.plusSeconds(300)))
                        .build())),
                Arguments.of("wrong issuer", minter.sign(valid("mallory").issuer("https://evil.test").build())),
                Arguments.of("no issuer", minter.sign(valid("mallory").issuer(null).build())),
                Arguments.of("wrong audience", minter.sign(valid("mallory").audience("someone-else").build())),
                Arguments.of("no subject", minter.sign(valid("mallory").subject(null).build())),
                Arguments.of("over-long subject", minter.sign(valid("m".repeat(256)).build())),
                Arguments.of("tampered roles", JwtMinter.tampered(signed,
                        valid("mallory").claim("roles", List.of("admin")).build())),
                Arguments.of("tampered subject", JwtMinter.tampered(signed, valid("alice").build())),
                Arguments.of("truncated signature", signed.substring(0, signed.length() - 4)),
                Arguments.of("garbage", "not.a.jwt"),
                Arguments.of("two parts", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void refused_tokens_are_401_in_the_contract_shape(String why, String token) {
        assertContractError(Http.get(host.uri("/api/models"), token), 401, "unauthorized");
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE subject IN ('mallory', 'alice')")).isZero();
    }

    Stream<Arguments> malformedHeaders() {
        String good = minter.sign(valid("header-user").build());
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("empty", ""),
                Arguments.of("scheme only", "Bearer"),
                Arguments.of("scheme and space", "Bearer "),
                Arguments.of("basic", "Basic YWxpY2U6c2VjcmV0"),
                Arguments.of("no scheme", good),
                Arguments.of("other scheme", "Token " + good),
                Arguments.of("two tokens", "Bearer " + good + " " + good));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeaders")
    void missing_and_malformed_authorization_headers_are_401(String why, String header) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.uri("/api/conversations")).GET();
        if (header != null) {
            request.header("Authorization", header);
        }
        assertContractError(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()), 401, "unauthorized");
    }

    @Test
    void a_remembered_token_lets_no_altered_copy_through() {
        assertThat(host.context().getBeansOfType(TokenValidator.class))
                .as("the JWT validator answers from memory")
                .anyMatch(validator -> validator.getClass().getEnclosingClass() == VerifiedTokens.class);
        String signed = minter.sign(valid("remembered").build());
        assertThat(Http.get(host.uri("/api/models"), signed).statusCode()).isEqualTo(200);
        assertThat(Http.get(host.uri("/api/models"), signed).statusCode()).isEqualTo(200);
        assertThat(host.bean(VerifiedTokens.class).size()).isPositive();
        for (String altered : List.of(
                JwtMinter.tampered(signed, valid("remembered").claim("roles", List.of("admin")).build()),
                signed.substring(0, signed.length() - 1),
                signed + "A",
                signed.substring(0, signed.lastIndexOf('.')) + ".")) {
            assertContractError(Http.get(host.uri("/api/admin/models"), altered), 401, "unauthorized");
        }
    }

    @Test
    void a_token_expired_within_the_clock_skew_is_still_accepted() {
        Instant now = Instant.now();
        String token = minter.sign(valid("skewed").expirationTime(Date.from(now.minusSeconds(10)))
                .notBeforeTime(Date.from(now.plusSeconds(10))).build());
        assertThat(Http.get(host.uri("/api/models"), token).statusCode()).isEqualTo(200);
    }

    @Test
    void a_cognito_access_token_names_the_audience_in_client_id() {
        String token = minter.sign(valid("cognito-user").audience((String) null).claim("client_id", AUDIENCE)
                .claim("token_use", "access").build());
        assertThat(Http.get(host.uri("/api/models"), token).statusCode()).isEqualTo(200);
        String wrongClient = minter.sign(valid("cognito-user").audience((String) null).claim("client_id", "other")
                .build());
        assertContractError(Http.get(host.uri("/api/models"), wrongClient), 401, "unauthorized");
    }

    @Test
    void v1_routes_answer_401_in_openai_shape() {
        assertOpenAiError(Http.get(host.uri("/v1/models"), null), 401, "authentication_error");
        String expired = minter.sign(valid("v1-user").expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1))))
                .build());
        assertOpenAiError(Http.postJson(host.uri("/v1/chat/completions"), expired, "{}"), 401, "authentication_error");
    }

    @Test
    void nothing_but_health_is_public() {
        assertThat(Http.get(host.uri("/api/health"), null).statusCode()).isEqualTo(200);
        for (String path : List.of("/api/models", "/api/conversations", "/api/conversations/x", "/api/jobs/x",
                "/api/chat/x/stream", "/api/admin/models", "/api/no-such-route", "/api", "/API/models",
                "//api//models", "/api/health/../models", "/v1", "/v1/models")) {
            HttpResponse<String> response = Http.get(URI.create(host.uri("") + path), null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
        }
        assertThat(Http.postJson(host.uri("/api/health"), null, "{}").statusCode()).isEqualTo(401);
        assertThat(Http.delete(host.uri("/api/jobs/00000000-0000-0000-0000-000000000000"), null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void every_api_and_v1_route_of_the_router_refuses_anonymous_callers() throws Exception {
        List<String> checked = new java.util.ArrayList<>();
        for (UriRouteInfo<?, ?> route : host.bean(Router.class).uriRoutes().toList()) {
            String path = route.getUriMatchTemplate().toPathString().replaceAll("\\{[^}]*}", "x");
            String method = route.getHttpMethodName();
            if (!(path.startsWith("/api") || path.startsWith("/v1"))
                    || (path.equals("/api/health") && (method.equals("GET") || method.equals("HEAD")))) {
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(host.uri("") + path))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json").build();
            assertThat(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("%s %s", method, path).isEqualTo(401);
            checked.add(method + " " + path);
        }
        assertThat(checked).contains("POST /api/chat", "GET /api/jobs/x", "DELETE /api/jobs/x", "GET /api/models");
    }

    @Test
    void admin_routes_need_the_admin_role() {
        String user = minter.sign(valid("plain-user").build());
        assertContractError(Http.get(host.uri("/api/admin/models"), user), 403, "forbidden");
        String admin = minter.sign(valid("the-admin").claim("roles", List.of("admin")).build());
        assertThat(Http.get(host.uri("/api/admin/models"), admin).statusCode()).isNotIn(401, 403);
    }
}
