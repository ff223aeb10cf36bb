package org.aistudio.host.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.host.support.RunningHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With {@code AISTUDIO_CORS_ORIGINS} set, exactly those origins may call the API from a browser. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorsTest {

    private static final String STUDIO = "https://studio.example.com";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RunningHost host;

    @BeforeAll
    void start() {
        host = RunningHost.start(EmbeddedDatabase.createDatabase(),
                CorsProperties.fromEnvironment(Map.of(CorsProperties.ENV, STUDIO + ", https://admin.example.com")));
    }

    @AfterAll
    void stop() {
        host.close();
    }

    @Test
    void a_listed_origin_passes_the_preflight_and_may_read_the_job_headers() throws Exception {
        HttpResponse<String> preflight = preflight(STUDIO);
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).contains(STUDIO);
        HttpResponse<String> get = CLIENT.send(HttpRequest.newBuilder(host.uri("/api/models")).header("Origin", STUDIO)
                .header("Authorization", "Bearer " + host.token("cors-user", "user")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("access-control-allow-origin")).contains(STUDIO);
        assertThat(String.join(",", get.headers().allValues("access-control-expose-headers")).toLowerCase())
                .contains("x-job-id").contains("x-ratelimit-remaining").contains("retry-after");
        assertThat(get.headers().firstValue("access-control-allow-credentials")).isEmpty();
    }

    @Test
    void an_unlisted_origin_gets_no_allow_origin() throws Exception {
        assertThat(preflight("https://evil.example").headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(preflight("https://studio.example.com.evil.example").headers()
                .firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void wildcards_and_malformed_origins_are_refused_at_start_up() {
        assertThatThrownBy(() -> CorsProperties.forOrigins("*")).hasMessageContaining("no wildcards");
        assertThatThrownBy(() -> CorsProperties.forOrigins("https://*.example.com")).hasMessageContaining("no wildcards");
        assertThatThrownBy(() -> CorsProperties.forOrigins("https://ok.example.com, javascript:alert(1)"))
                .hasMessageContaining("javascript");
        assertThat(CorsProperties.fromEnvironment(Map.of())).isEmpty();
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(host.uri("/api/chat"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
