package org.aistudio.host.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the playground is served, over plain HTTP: at {@code /} with a strict policy when enabled,
 * not at all when disabled, never in the way of the API, and never handing out a token it does
 * not have.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaygroundServingTest {

    private TestDatabase db;
    private RunningHost enabled;
    private RunningHost disabled;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createDatabase();
        enabled = RunningHost.start(db, Map.of(PlaygroundSettings.ENABLED, "true"));
        // Off, although a development token exists: it must not leak through the config endpoint.
        disabled = RunningHost.start(db, Map.of(PlaygroundSettings.DEV_TOKEN, "a-development-token"));
    }

    @AfterAll
    void stop() {
        if (enabled != null) {
            enabled.close();
        }
        if (disabled != null) {
            disabled.close();
        }
    }

    @Test
    void the_page_is_served_at_the_root_with_a_strict_content_security_policy() {
        HttpResponse<String> page = Http.get(enabled.uri("/"), null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.headers().firstValue("content-security-policy")).contains(PlaygroundHeadersFilter.POLICY);
        assertThat(PlaygroundHeadersFilter.POLICY).contains("default-src 'none'", "script-src 'self'",
                "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'");
        assertThat(page.headers().firstValue("x-content-type-options")).contains("nosniff");
        assertThat(page.headers().firstValue("referrer-policy")).contains("no-referrer");
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
    }

    @Test
    void the_page_has_no_inline_script_or_style_and_loads_nothing_from_elsewhere() throws Exception {
        for (Path file : playgroundFiles()) {
            String text = Files.readString(file);
            String name = file.getFileName().toString();
            assertThat(text).as(name).doesNotContainPattern("(?i)<script(?![^>]*\\bsrc=)")
                    .doesNotContainPattern("(?i)<style").doesNotContainPattern("(?i)\\sstyle=")
                    .doesNotContainPattern("(?i)\\son[a-z]+=\"").doesNotContainPattern("(?i)(src|href)=\"(https?:)?//")
                    .doesNotContainPattern("(?i)@import|url\\(").doesNotContainPattern("from '(?!\\./)")
                    .doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML").doesNotContain("eval(");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/index.html", "/app.css", "/app.js", "/api.js", "/answer.js", "/auth.js", "/chat.js",
        "/errors.js", "/follow.js", "/markdown.js", "/sse.js", "/uistream.js"})
    void every_file_of_the_page_is_public_typed_and_under_the_policy(String path) throws Exception {
        HttpResponse<String> response = Http.get(enabled.uri(path), null);

        assertThat(response.statusCode()).isEqualTo(200);
        String expectedType = path.endsWith(".js") ? "application/javascript" : path.endsWith(".css") ? "text/css" : "text/html";
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith(expectedType));
        assertThat(response.headers().firstValue("content-security-policy")).contains(PlaygroundHeadersFilter.POLICY);
        assertThat(response.headers().firstValue("cache-control")).contains("no-cache");
        assertThat(response.body()).isEqualTo(Files.readString(resources().resolve(path.substring(1))));
    }

    @Test
    void the_api_routes_still_win_over_the_static_files() {
        HttpResponse<String> health = Http.get(enabled.uri("/api/health"), null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"healthy\"");

        HttpResponse<String> unknown = Http.get(enabled.uri("/api/no-such-route"), enabled.token("alice", "user"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"not_found\"");

        HttpResponse<String> models = Http.get(enabled.uri("/api/models"), null);
        assertThat(models.statusCode()).isEqualTo(401);
        assertThat(models.headers().firstValue("content-security-policy")).isEmpty();

        HttpResponse<String> openAi = Http.get(enabled.uri("/v1/models"), null);
        assertThat(openAi.statusCode()).isEqualTo(401);
        assertThat(openAi.body()).contains("\"type\":\"authentication_error\"").doesNotContain("<html");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../application.yml", "/%2e%2e/application.yml", "/..%2fapplication.yml",
        "/application.yml", "/logback.xml", "/org/aistudio/host/Application.class", "/playground/index.html"})
    void nothing_but_the_page_is_served_from_the_class_path(String path) {
        HttpResponse<String> response = Http.get(enabled.uri(path), null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("micronaut:").doesNotContain("<configuration>");
    }

    @Test
    void without_a_generated_development_secret_the_config_hands_out_no_token() {
        HttpResponse<String> config = Http.get(enabled.uri("/playground/config"), null);

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).isEqualTo("{}").doesNotContain("eyJ");
        assertThat(config.headers().firstValue("cache-control")).contains("no-store");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/app.js", "/app.css", "/playground/config"})
    void when_disabled_the_page_and_its_config_are_404(String path) {
        HttpResponse<String> response = Http.get(disabled.uri(path), null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("a-development-token").doesNotContain("<html");
        assertThat(response.headers().firstValue("content-security-policy")).isEmpty();
        assertThat(Http.get(disabled.uri("/api/health"), null).statusCode()).isEqualTo(200);
    }

    private static Path resources() throws URISyntaxException {
        return Path.of(PlaygroundServingTest.class.getResource("/playground/index.html").toURI()).getParent();
    }

    private static List<Path> playgroundFiles() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(resources())) {
            List<Path> list = files.sorted().toList();
            assertThat(list).extracting(p -> p.getFileName().toString()).contains("index.html", "app.css", "app.js");
            return list;
        }
    }

}
