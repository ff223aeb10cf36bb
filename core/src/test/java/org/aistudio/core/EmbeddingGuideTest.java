package org.aistudio.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.aistudio.core.catalog.JdbcModelCatalog;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.jdbc.WarmThreadsExecutor;
import org.aistudio.core.job.JobEngine;
import org.aistudio.core.job.JobEngineConfig;
import org.aistudio.core.job.JobObserver;
import org.aistudio.core.job.JobStore;
import org.aistudio.core.job.LiveJob;
import org.aistudio.core.job.NewJob;
import org.aistudio.core.job.StartRequest;
import org.aistudio.core.job.jdbc.JdbcJobStore;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.provider.Usage;
import org.aistudio.core.provider.demo.DemoProvider;
import org.aistudio.core.stream.OpenAiChunkEncoder;
import org.aistudio.core.user.UserStore;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's "Embedding core" guide, compiled and run so that it cannot rot: every snippet of
 * the guide is a block of this class. Keep the two in step.
 */
class EmbeddingGuideTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void stream_a_chat_from_plain_java() throws Exception {
        // --- guide: stream a chat ---
        ChatProvider provider = new DemoProvider(scheduler, Duration.ofMillis(20));
        ChatRequest request = new ChatRequest("demo-1",
                List.of(ChatMessage.system("Be brief."), ChatMessage.user("What is streaming?")),
                new ChatOptions(200, 0.7, null, List.of(), null));

        StringBuilder answer = new StringBuilder();
        CompletableFuture<Usage> usage = new CompletableFuture<>();
        CompletableFuture<ChatEvent> end = new CompletableFuture<>();
        // Events arrive one at a time on the provider's threads: never block in the listener.
        provider.stream(request, event -> {
            if (event instanceof ChatEvent.TextDelta text) {
                answer.append(text.text());
            } else if (event instanceof ChatEvent.UsageReport report) {
                usage.complete(report.usage());
            } else if (event.terminal()) {
                end.complete(event); // exactly one of Finished, Failed, Cancelled
            }
        });
        ChatEvent last = end.get(30, TimeUnit.SECONDS);
        // --- end ---

        assertThat(last).isInstanceOf(ChatEvent.Finished.class);
        assertThat(answer.toString()).isEqualTo(DemoProvider.answerFor(request));
        assertThat(usage.getNow(null).outputTokens()).isPositive();
    }

    @Test
    void cancel_a_chat_with_its_handle() throws Exception {
        ChatProvider provider = new DemoProvider(scheduler, Duration.ofMillis(20));
        ChatRequest request = ChatRequest.of("demo-1", ChatMessage.user("Tell me a long story."));

        // --- guide: cancel ---
        CountDownLatch firstWords = new CountDownLatch(1);
        CompletableFuture<ChatEvent> end = new CompletableFuture<>();
        StreamHandle handle = provider.stream(request, event -> {
            if (event instanceof ChatEvent.TextDelta) {
                firstWords.countDown();
            } else if (event.terminal()) {
                end.complete(event);
            }
        });
        firstWords.await(30, TimeUnit.SECONDS);
        handle.cancel(); // aborts the upstream request; the listener gets ChatEvent.Cancelled
        // --- end ---

        assertThat(end.get(30, TimeUnit.SECONDS)).isInstanceOf(ChatEvent.Cancelled.class);
    }

    @Test
    void run_persisted_jobs_with_the_job_engine() throws Exception {
        TestDatabase db = EmbeddedDatabase.createDatabase();
        WarmThreadsExecutor jdbcThreads = new WarmThreadsExecutor(4, 10_000, Executors.defaultThreadFactory());
        try {
            DataSource dataSource = db.dataSource(); // any PostgreSQL with the migrations module applied

            // --- guide: job engine ---
            JobStore store = new JdbcJobStore(dataSource);
            // Checkpoints and heartbeats go ahead of the JDBC work waiting for a thread.
            JobEngine engine = new JobEngine(store, JobEngineConfig.builder("my-instance").build(), scheduler,
                    jdbcThreads, jdbcThreads.ahead(), System::nanoTime, JobObserver.NONE);
            engine.startBackgroundTasks(); // checkpoints, heartbeats, deadlines, stale-job sweeper

            // A catalogue re-read once its TTL has passed runs on jdbcThreads; nobody waits for it.
            ModelInfo model = new JdbcModelCatalog(dataSource, Clock.systemUTC(), JdbcModelCatalog.DEFAULT_TTL,
                    jdbcThreads).find("demo").orElseThrow();
            long userId = new UserStore(dataSource).idOf("user-42", Set.of());
            ChatProvider provider = new DemoProvider(scheduler, Duration.ofMillis(20));
            ChatRequest request = ChatRequest.of(model.providerModelId(), ChatMessage.user("Hello"));
            NewJob rows = new NewJob(UUID.randomUUID(), userId, "my-conversation-1", "Hello", model.id(), model.key(),
                    "{\"surface\":\"embedded\"}", "user-msg-1", "Hello", "[]", null);

            // The conversation, the user's message and the job are written in one transaction first.
            LiveJob job = engine.start(new StartRequest(rows, model, provider, request)).join();

            // Any number of readers, each in the wire format it wants, from the start or a sequence number.
            Flow.Publisher<String> frames = engine.publisher(job.job(), () -> new OpenAiChunkEncoder(true), 0);
            // --- end ---

            List<String> body = collect(frames).get(30, TimeUnit.SECONDS);
            assertThat(body.get(body.size() - 1)).isEqualTo("data: [DONE]\n\n");
            assertThat(String.join("", body)).contains("\"finish_reason\":\"stop\"").contains("\"prompt_tokens\"");
            assertThat(db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + job.id() + "'"))
                    .isEqualTo("completed");
            assertThat(db.queryString("SELECT content FROM messages WHERE job_id = '" + job.id() + "'"))
                    .isEqualTo(DemoProvider.answerFor(request));
            engine.close();
        } finally {
            jdbcThreads.shutdownNow();
        }
    }

    private static CompletableFuture<List<String>> collect(Flow.Publisher<String> publisher) {
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        List<String> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String frame) {
                frames.add(frame);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(List.copyOf(frames));
            }
        });
        return done;
    }
}
