package org.aistudio.host.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;

/** Calls of the admin model API for tests, and JSON reading of the answers. */
final class AdminApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final RunningHost host;
    private final String token;

    AdminApi(RunningHost host, String token) {
        this.host = host;
        this.token = token;
    }

    HttpResponse<String> list() {
        return Http.get(host.uri("/api/admin/models"), token);
    }

    HttpResponse<String> create(String json) {
        return Http.postJson(host.uri("/api/admin/models"), token, json);
    }

    HttpResponse<String> replace(String key, String json) {
        return send(HttpRequest.newBuilder(host.uri("/api/admin/models/" + key)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> delete(String key) {
        return Http.delete(host.uri("/api/admin/models/" + key), token);
    }

    /** A model body: demo provider, the given key and extra JSON members (e.g. {@code "roles":["x"]}). */
    static String model(String key, String extra) {
        return "{\"key\":\"" + key + "\",\"name\":\"Model " + key + "\",\"provider\":\"demo\","
                + "\"providerModelId\":\"demo-1\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
