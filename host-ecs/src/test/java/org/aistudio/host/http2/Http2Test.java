package org.aistudio.host.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.demo.DemoProvider;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.RunningHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** HTTP/2 with real clients: h2c by upgrade and by prior knowledge, h2 over TLS with ALPN, 100 streams on one connection. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http2Test {

    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "transfer-encoding",
            "upgrade", "proxy-connection");

    private TestDatabase db;
    private RunningHost plain;
    private RunningHost tls;
    private String token;

    @BeforeAll
    void start() throws Exception {
        db = EmbeddedDatabase.createDatabase();
        plain = RunningHost.start(db);
        Path dir = Files.createTempDirectory("tls");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl made a certificate").isTrue();
        tls = RunningHost.start(db, Map.of("micronaut.server.ssl.enabled", "true", "micronaut.server.ssl.port", "-1",
                "micronaut.server.ssl.key-store.certificate-path", "file:" + cert,
                "micronaut.server.ssl.key-store.key-path", "file:" + key,
                "test.count-connections", "true", "aistudio.demo.chunk-delay", "20ms"));
        token = plain.token("erin", "user");
    }

    @AfterAll
    void stop() {
        plain.close();
        tls.close();
    }

    private static String expected(String prompt) {
        return DemoProvider.answerFor(ChatRequest.of("demo-1", ChatMessage.user(prompt)));
    }

    @Test
    void h2c_by_upgrade_streams_a_chat_without_connection_specific_headers() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // The JDK client upgrades only requests without a body: warm the connection with a GET first.
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(plain.uri("/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
        HttpResponse<String> chat = client.send(chatRequest(plain.uri("/api/chat"), "c-h2c", "upgrade"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chat.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertNoConnectionHeaders(chat);
        assertThat(chat.headers().firstValue("x-vercel-ai-ui-message-stream")).contains("v1");
        assertThat(text(chat.body())).isEqualTo(expected("upgrade"));
    }

    @Test
    void h2c_with_prior_knowledge_from_curl() throws Exception {
        Process curl = new ProcessBuilder("curl", "-sS", "-N", "-i", "--http2-prior-knowledge", "-X", "POST",
                plain.uri("/api/chat").toString(), "-H", "Authorization: Bearer " + token,
                "-H", "Content-Type: application/json", "-d", ChatBodies.chat("c-prior", "demo", "prior"))
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).startsWith("HTTP/2 200");
        String headers = out.substring(0, out.indexOf("\r\n\r\n")).toLowerCase();
        for (String name : CONNECTION_SPECIFIC) {
            assertThat(headers).doesNotContain("\n" + name + ":");
        }
        assertThat(text(out.substring(out.indexOf("\r\n\r\n")))).isEqualTo(expected("prior"));
        assertThat(out).contains("data: [DONE]");
    }

    @Test
    void h2_over_tls_negotiated_with_alpn() throws Exception {
        HttpClient client = trustingClient();
        HttpResponse<String> chat = client.send(chatRequest(tls.uri("/api/chat").resolve(httpsPath("/api/chat")),
                "c-tls", "tls"), HttpResponse.BodyHandlers.ofString());
        assertThat(chat.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertNoConnectionHeaders(chat);
        assertThat(text(chat.body())).isEqualTo(expected("tls"));
    }

    @Test
    void a_hundred_chat_streams_multiplexed_on_one_connection_all_complete() throws Exception {
        HttpClient client = trustingClient();
        client.send(HttpRequest.newBuilder(httpsUri("/api/health")).build(), HttpResponse.BodyHandlers.ofString());
        int before = ConnectionCounter.CONNECTIONS.get();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(client.sendAsync(chatRequest(httpsUri("/api/chat"), "c-mux-" + i, "stream " + i),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> response = calls.get(i).get(120, TimeUnit.SECONDS);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(text(response.body())).isEqualTo(expected("stream " + i));
            assertThat(response.body()).endsWith("data: [DONE]\n\n");
        }
        assertThat(ConnectionCounter.CONNECTIONS.get() - before).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM ai_streaming_jobs WHERE conversation_id LIKE 'c-mux-%' "
                + "AND status = 'completed'")).isEqualTo(100);
    }

    private URI httpsUri(String path) {
        return URI.create("https://localhost:" + tls.context().getBean(io.micronaut.runtime.server.EmbeddedServer.class)
                .getPort() + path);
    }

    private URI httpsPath(String path) {
        return httpsUri(path);
    }

    private HttpRequest chatRequest(URI uri, String chatId, String prompt) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(ChatBodies.chat(chatId, "demo", prompt))).build();
    }

    private static void assertNoConnectionHeaders(HttpResponse<?> response) {
        assertThat(response.headers().map().keySet()).noneMatch(h -> CONNECTION_SPECIFIC.contains(h.toLowerCase()));
    }

    /** The text of the text-delta parts of a UI message stream body. */
    static String text(String body) {
        StringBuilder sb = new StringBuilder();
        for (String line : body.split("\n")) {
            line = line.strip();
            if (line.startsWith("data: {\"type\":\"text-delta\"")) {
                try {
                    sb.append(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.substring(6)).path("delta").asText());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return sb.toString();
    }

    private static HttpClient trustingClient() throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(ssl).build();
    }
}
