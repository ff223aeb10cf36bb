package org.aistudio.host.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JsonLayoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger logger = context.getLogger("org.aistudio.test");
    private final JsonLayout layout = new JsonLayout();

    JsonLayoutTest() {
        layout.setContext(context);
        layout.start();
    }

    private JsonNode layout(LoggingEvent event) throws Exception {
        String line = layout.doLayout(event);
        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        return JSON.readTree(line);
    }

    private LoggingEvent event(Level level, String message, Throwable error, Object... args) {
        LoggingEvent event = new LoggingEvent("test", logger, level, message, error, args);
        event.setTimeStamp(Instant.parse("2025-01-02T03:04:05.678Z").toEpochMilli());
        return event;
    }

    @Test
    void writes_one_object_with_the_contract_fields_from_the_log_context() throws Exception {
        LoggingEvent event = event(Level.INFO, "Job ended {} after {} ms", null, "completed", 1234);
        event.setMDCPropertyMap(Map.of("requestId", "req-12345678", "jobId", "6f1c1c1e-0000-4000-8000-000000000001",
                "userId", "42", "provider", "openai", "modelId", "gpt-4o", "duration", "1234", "other", "ignored"));
        JsonNode line = layout(event);
        assertThat(line.path("timestamp").asText()).isEqualTo("2025-01-02T03:04:05.678Z");
        assertThat(line.path("level").asText()).isEqualTo("info");
        assertThat(line.path("message").asText()).isEqualTo("Job ended completed after 1234 ms");
        assertThat(line.path("requestId").asText()).isEqualTo("req-12345678");
        assertThat(line.path("jobId").asText()).isEqualTo("6f1c1c1e-0000-4000-8000-000000000001");
        assertThat(line.path("userId").asText()).isEqualTo("42");
        assertThat(line.path("provider").asText()).isEqualTo("openai");
        assertThat(line.path("modelId").asText()).isEqualTo("gpt-4o");
        assertThat(line.path("duration").isNumber()).isTrue();
        assertThat(line.path("duration").asLong()).isEqualTo(1234);
        assertThat(line.has("other")).isFalse();
        assertThat(line.has("error")).isFalse();
    }

    @Test
    void leaves_out_context_fields_that_are_not_set() throws Exception {
        JsonNode line = layout(event(Level.WARN, "plain", null));
        assertThat(line.path("level").asText()).isEqualTo("warn");
        assertThat(line.has("requestId")).isFalse();
        assertThat(line.has("duration")).isFalse();
    }

    @Test
    void an_exception_becomes_error_with_name_message_and_stack() throws Exception {
        IllegalStateException cause = new IllegalStateException("pool exhausted");
        RuntimeException error = new RuntimeException("upstream said no", cause);
        JsonNode line = layout(event(Level.ERROR, "Call failed", error));
        assertThat(line.path("level").asText()).isEqualTo("error");
        JsonNode e = line.path("error");
        assertThat(e.path("name").asText()).isEqualTo("java.lang.RuntimeException");
        assertThat(e.path("message").asText()).isEqualTo("upstream said no");
        assertThat(e.path("stack").asText()).contains("JsonLayoutTest").contains("Caused by")
                .contains("pool exhausted");
    }

    @Test
    void secrets_and_contact_data_are_redacted_in_message_error_and_context() throws Exception {
        RuntimeException error = new RuntimeException("401 for key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789");
        LoggingEvent event = event(Level.ERROR, "Login of {} with password={} failed", error,
                "jane.doe@example.com", "hunter2hunter2");
        event.setMDCPropertyMap(Map.of("userId", "jane.doe@example.com"));
        String line = layout.doLayout(event);
        assertThat(line).doesNotContain("jane.doe@example.com").doesNotContain("hunter2hunter2")
                .doesNotContain("sk-proj-abcdefghijklmnopqrstuvwxyz0123456789");
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("message").asText()).contains("[REDACTED_EMAIL]").contains("[REDACTED]");
        assertThat(json.path("error").path("message").asText()).contains("[REDACTED_KEY]");
        assertThat(json.path("error").path("stack").asText()).doesNotContain("sk-proj-");
    }

    @Test
    void levels_use_the_contract_names() {
        assertThat(JsonLayout.level(Level.TRACE)).isEqualTo("debug");
        assertThat(JsonLayout.level(Level.DEBUG)).isEqualTo("debug");
        assertThat(JsonLayout.level(Level.INFO)).isEqualTo("info");
        assertThat(JsonLayout.level(Level.WARN)).isEqualTo("warn");
        assertThat(JsonLayout.level(Level.ERROR)).isEqualTo("error");
    }

    @Test
    void quotes_and_control_characters_stay_inside_one_line() throws Exception {
        JsonNode line = layout(event(Level.INFO, "a \"quoted\"\nmulti-line\tmessage", null));
        assertThat(line.path("message").asText()).isEqualTo("a \"quoted\"\nmulti-line\tmessage");
    }
}
