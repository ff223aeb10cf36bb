package org.aistudio.host.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/** Every line logged while a real chat runs is one JSON object with the contract's fields. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonChatLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningHost host;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> appender;

    @BeforeAll
    void start() {
        host = RunningHost.start(EmbeddedDatabase.createDatabase());
    }

    @AfterAll
    void stop() {
        host.close();
    }

    /** Starts capturing afresh: what an earlier test captured is dropped. */
    private void capture() {
        synchronized (captured) {
            captured.reset();
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonLayout layout = new JsonLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("json-capture");
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    private List<String> release() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        synchronized (captured) {
            return List.of(captured.toString(StandardCharsets.UTF_8).split("\\R"));
        }
    }

    private String capturedText() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void every_line_of_a_chat_is_json_with_the_contract_fields() throws Exception {
        assertChatLoggedWithContractFields(host.token("json-log-user", "user"), "json-log");
    }

    /** A caller's second chat is admitted on the event loop, and its start line is written elsewhere. */
    @Test
    void a_known_callers_chat_is_logged_with_the_same_fields() throws Exception {
        String token = host.token("json-log-returning-user", "user");
        try (SseStream s = Http.openChat(host.uri("/api/chat"), token, ChatBodies.chat("json-log-1", "demo", "Hi"))) {
            s.readAll();
        }
        assertChatLoggedWithContractFields(token, "json-log-2");
    }

    private void assertChatLoggedWithContractFields(String token, String chatId) throws Exception {
        String requestId;
        String jobId;
        capture();
        try (SseStream s = Http.openChat(host.uri("/api/chat"), token, ChatBodies.chat(chatId, "demo", "Hi"))) {
            requestId = s.header("x-request-id");
            jobId = s.header("x-job-id");
            s.readAll();
        }
        String job = jobId;
        await().atMost(Duration.ofSeconds(10)).until(() -> capturedText().lines()
                .anyMatch(line -> line.contains("Job ended") && line.contains(job)));
        List<String> lines = release();

        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode json = JSON.readTree(line);
            assertThat(json.isObject()).as(line).isTrue();
            assertThat(Instant.parse(json.path("timestamp").asText())).isNotNull();
            assertThat(json.path("level").asText()).isIn("debug", "info", "warn", "error");
            assertThat(json.path("message").asText()).isNotBlank();
            parsed.add(json);
        }
        JsonNode started = parsed.stream().filter(j -> j.path("message").asText().startsWith("Job started"))
                .findFirst().orElseThrow();
        assertThat(started.path("requestId").asText()).isEqualTo(requestId);
        assertThat(started.path("jobId").asText()).isEqualTo(jobId);
        assertThat(started.path("userId").asText()).matches("\\d+");
        assertThat(started.path("provider").asText()).isEqualTo("demo");
        assertThat(started.path("modelId").asText()).isEqualTo("demo");

        JsonNode ended = parsed.stream().filter(j -> j.path("message").asText().startsWith("Job ended"))
                .filter(j -> j.path("jobId").asText().equals(job)).findFirst().orElseThrow();
        assertThat(ended.path("jobId").asText()).isEqualTo(jobId);
        assertThat(ended.path("userId").asText()).isEqualTo(started.path("userId").asText());
        assertThat(ended.path("provider").asText()).isEqualTo("demo");
        assertThat(ended.path("modelId").asText()).isEqualTo("demo");
        assertThat(ended.path("duration").isNumber()).isTrue();
        assertThat(ended.path("duration").asLong()).isGreaterThanOrEqualTo(0);
    }
}
