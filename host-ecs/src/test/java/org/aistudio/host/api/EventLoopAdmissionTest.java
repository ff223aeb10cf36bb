package org.aistudio.host.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A caller this instance knows is admitted on the event loop: its chat needs no I/O thread. Shown
 * by holding every I/O thread while such a caller chats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventLoopAdmissionTest {

    private static final int IO_THREADS = 2;

    private RunningHost host;

    @BeforeAll
    void start() {
        host = RunningHost.start(EmbeddedDatabase.createDatabase(),
                Map.of("micronaut.executors.io.n-threads", IO_THREADS));
    }

    @AfterAll
    void stop() {
        host.close();
    }

    @Test
    void a_known_caller_is_answered_while_every_io_thread_is_busy() throws Exception {
        String token = host.token("known-caller", "user");
        assertAnswered(token, "known-1");
        try (BusyIoThreads busy = BusyIoThreads.take(io())) {
            CompletableFuture<SseStream> answered = CompletableFuture.supplyAsync(() -> {
                SseStream stream = Http.openChat(host.uri("/api/chat"), token, ChatBodies.chat("known-2", "demo", "Hi"));
                stream.readAll();
                return stream;
            });
            try (SseStream stream = answered.get(30, TimeUnit.SECONDS)) {
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.header("x-ratelimit-limit")).isNotBlank();
                assertThat(stream.text()).isNotBlank();
            }
        }
    }

    @Test
    void a_known_caller_asking_for_no_such_model_gets_the_contract_error() throws Exception {
        String token = host.token("known-asker", "user");
        assertAnswered(token, "asker-1");
        try (BusyIoThreads busy = BusyIoThreads.take(io())) {
            HttpResponse<String> refused = CompletableFuture.supplyAsync(() -> Http.postJson(host.uri("/api/chat"),
                    token, ChatBodies.chat("asker-2", "no-such-model", "Hi"))).get(30, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.body()).contains("\"model_not_found\"").doesNotContain("Exception");
        }
    }

    @Test
    void the_openai_surface_admits_a_known_caller_the_same_way_with_its_own_error_shape() throws Exception {
        String token = host.token("known-sdk-user", "user");
        assertAnswered(token, "sdk-1");
        try (BusyIoThreads busy = BusyIoThreads.take(io())) {
            HttpResponse<String> answered = postOpenAi(token, "demo");
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).contains("\"chat.completion\"", "\"finish_reason\"");

            HttpResponse<String> refused = postOpenAi(token, "no-such-model");
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.body()).contains("\"param\":\"model\"", "\"code\":\"model_not_found\"");
        }
    }

    private HttpResponse<String> postOpenAi(String token, String model) throws Exception {
        return CompletableFuture.supplyAsync(() -> Http.postJson(host.uri("/v1/chat/completions"), token,
                "{\"model\":\"" + model + "\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .get(30, TimeUnit.SECONDS);
    }

    private void assertAnswered(String token, String chatId) {
        try (SseStream stream = Http.openChat(host.uri("/api/chat"), token, ChatBodies.chat(chatId, "demo", "Hi"))) {
            assertThat(stream.status()).isEqualTo(200);
            stream.readAll();
            assertThat(stream.text()).isNotBlank();
        }
    }

    private ExecutorService io() {
        return host.context().getBean(ExecutorService.class, Qualifiers.byName(TaskExecutors.IO));
    }

    /** Every thread of a fixed pool held on a latch until closed. */
    private static final class BusyIoThreads implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);

        static BusyIoThreads take(ExecutorService pool) {
            BusyIoThreads busy = new BusyIoThreads();
            CountDownLatch holding = new CountDownLatch(IO_THREADS);
            for (int i = 0; i < IO_THREADS; i++) {
                pool.execute(() -> {
                    holding.countDown();
                    try {
                        busy.release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> holding.getCount() == 0);
            return busy;
        }

        @Override
        public void close() {
            release.countDown();
        }
    }
}
