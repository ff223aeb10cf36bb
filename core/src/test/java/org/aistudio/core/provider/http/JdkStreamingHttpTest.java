package org.aistudio.core.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JdkStreamingHttpTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    @Test
    void calls_are_spread_over_the_pools_clients_in_turn() {
        JdkStreamingHttp transport = JdkStreamingHttp.pooled(3, CONNECT_TIMEOUT);

        List<HttpClient> first = List.of(transport.client(), transport.client(), transport.client());
        List<HttpClient> second = List.of(transport.client(), transport.client(), transport.client());

        assertThat(Set.copyOf(first)).hasSize(3);
        assertThat(second).containsExactlyElementsOf(first);
        assertThat(transport.size()).isEqualTo(3);
    }

    @Test
    void pooled_clients_keep_the_connect_timeout_no_redirects_and_the_default_http_version() {
        JdkStreamingHttp transport = JdkStreamingHttp.pooled(2, CONNECT_TIMEOUT);
        HttpClient defaults = HttpClient.newHttpClient();

        for (int i = 0; i < 2; i++) {
            HttpClient client = transport.client();
            assertThat(client.connectTimeout()).contains(CONNECT_TIMEOUT);
            assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
            assertThat(client.version()).isEqualTo(defaults.version());
        }
    }

    @Test
    void a_configured_client_serves_every_call() {
        HttpClient given = HttpClient.newHttpClient();
        JdkStreamingHttp transport = JdkStreamingHttp.of(Optional.of(given), CONNECT_TIMEOUT);

        assertThat(List.of(transport.client(), transport.client(), transport.client())).containsOnly(given);
        assertThat(transport.size()).isEqualTo(1);
    }

    @Test
    void without_a_configured_client_the_provider_uses_at_least_two() {
        JdkStreamingHttp transport = JdkStreamingHttp.of(Optional.empty(), CONNECT_TIMEOUT);

        assertThat(transport.size()).isEqualTo(JdkStreamingHttp.DEFAULT_CLIENTS).isGreaterThanOrEqualTo(2);
    }

    @Test
    void concurrent_first_calls_build_each_client_once() throws InterruptedException {
        JdkStreamingHttp transport = JdkStreamingHttp.pooled(2, CONNECT_TIMEOUT);
        Set<HttpClient> seen = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Runnable> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            calls.add(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(transport.client());
            });
        }
        calls.forEach(threads::execute);
        start.countDown();
        threads.shutdown();

        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(2);
    }
}
