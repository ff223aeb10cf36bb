package org.aistudio.host.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain JDK HTTP client for tests: requests with a bearer token, and SSE streams read as they arrive. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static HttpResponse<String> get(URI uri, String token) {
        return send(builder(uri, token).GET().build());
    }

    public static HttpResponse<String> delete(URI uri, String token) {
        return send(builder(uri, token).DELETE().build());
    }

    public static HttpResponse<String> postJson(URI uri, String token, String json) {
        return send(builder(uri, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Opens a streaming POST; the caller reads events from the returned stream and closes it. */
    public static SseStream openChat(URI uri, String token, String json) {
        return open(builder(uri, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Opens a streaming GET, optionally with {@code Last-Event-ID}. */
    public static SseStream openGet(URI uri, String token, Long lastEventId) {
        HttpRequest.Builder b = builder(uri, token).GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", Long.toString(lastEventId));
        }
        return open(b.build());
    }

    private static SseStream open(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
            return new SseStream(response, new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder builder(URI uri, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
