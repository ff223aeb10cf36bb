package org.aistudio.host.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Assertions that an error answer has exactly the contract's shape. */
public final class ErrorBodies {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ErrorBodies() {
    }

    /** {@code {"error": {"code", "message"}, "requestId"}} with this status and code, and nothing else. */
    public static JsonNode assertContractError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(response.body());
        assertThat(fields(body)).containsExactlyInAnyOrder("error", "requestId");
        assertThat(fields(body.get("error"))).containsExactlyInAnyOrder("code", "message");
        assertThat(body.path("error").path("code").asText()).isEqualTo(code);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        assertThat(body.path("requestId").asText()).isNotBlank()
                .isEqualTo(response.headers().firstValue("x-request-id").orElse(null));
        return body;
    }

    /** OpenAI's {@code {"error": {"message", "type", "param", "code"}}} with this status and type. */
    public static JsonNode assertOpenAiError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        JsonNode body = json(response.body());
        assertThat(fields(body)).containsExactly("error");
        assertThat(fields(body.get("error"))).containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(body.path("error").path("type").asText()).isEqualTo(type);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        return body;
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
