package org.aistudio.host.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningHost host;
    private String admin;
    private String user;

    @BeforeAll
    void start() {
        host = RunningHost.start(EmbeddedDatabase.createDatabase());
        admin = host.token("ops-admin", "admin");
        user = host.token("alice", "user");
    }

    @AfterAll
    void stop() {
        host.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/metrics", "/prometheus", "/info", "/loggers", "/flyway", "/jobs"})
    void every_endpoint_needs_an_admin_token(String path) {
        HttpResponse<String> anonymous = Http.get(host.managementUri(path), null);
        assertThat(anonymous.statusCode()).as("no token").isEqualTo(401);
        assertThat(anonymous.body()).contains("\"code\":\"unauthorized\"");

        HttpResponse<String> notAdmin = Http.get(host.managementUri(path), user);
        assertThat(notAdmin.statusCode()).as("user token").isEqualTo(403);
        assertThat(notAdmin.body()).contains("\"code\":\"forbidden\"");

        assertThat(Http.get(host.managementUri(path), admin).statusCode()).as("admin token").isEqualTo(200);
    }

    @Test
    void cleanup_needs_an_admin_token() {
        assertThat(Http.postJson(host.managementUri("/jobs/cleanup"), null, "{}").statusCode()).isEqualTo(401);
        assertThat(Http.postJson(host.managementUri("/jobs/cleanup"), user, "{}").statusCode()).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health/liveness", "/health/readiness"})
    void probes_are_open_and_show_only_a_status(String path) throws Exception {
        HttpResponse<String> response = Http.get(host.managementUri(path), null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.has("details")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health/liveness", "/health/readiness"})
    void probes_show_no_details_to_a_token_without_the_admin_role(String path) throws Exception {
        HttpResponse<String> response = Http.get(host.managementUri(path), user);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).has("details")).isFalse();
    }

    @Test
    void health_shows_database_migrations_and_providers_to_an_admin() throws Exception {
        JsonNode body = JSON.readTree(Http.get(host.managementUri("/health"), admin).body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        JsonNode details = body.path("details");
        assertThat(details.path("database").path("status").asText()).isEqualTo("UP");
        assertThat(details.path("migrations").path("status").asText()).isEqualTo("UP");
        assertThat(details.path("migrations").path("details").path("pending").asInt()).isZero();
        assertThat(details.path("migrations").path("details").path("applied").asInt()).isPositive();
        assertThat(details.path("providers").path("details").path("demo").path("configured").asBoolean()).isTrue();
        assertThat(details.path("providers").path("details").path("demo").path("circuit").asText()).isEqualTo("closed");
        assertThat(details.path("accepting").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void info_reports_version_build_time_and_commit() throws Exception {
        JsonNode info = JSON.readTree(Http.get(host.managementUri("/info"), admin).body());
        assertThat(info.path("app").path("name").asText()).isEqualTo("aistudio-streaming");
        assertThat(info.path("app").path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(java.time.Instant.parse(info.path("app").path("buildTime").asText())).isNotNull();
        assertThat(info.path("git").path("commit").asText()).matches("[0-9a-f]{40}|unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/beans", "/routes", "/threaddump", "/env", "/refresh", "/stop"})
    void endpoints_outside_the_contract_are_off(String path) {
        assertThat(Http.get(host.managementUri(path), admin).statusCode()).isIn(404, 405);
        assertThat(Http.postJson(host.managementUri(path), admin, "{}").statusCode()).isIn(404, 405);
    }

    @Test
    void management_endpoints_are_not_on_the_api_port() {
        assertThat(Http.get(host.uri("/prometheus"), admin).statusCode()).isEqualTo(404);
        assertThat(Http.get(host.uri("/health"), admin).statusCode()).isEqualTo(404);
    }
}
