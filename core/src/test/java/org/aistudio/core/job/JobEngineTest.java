package org.aistudio.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import org.aistudio.core.AiStudioException;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.jdbc.WarmThreadsExecutor;
import org.aistudio.core.job.jdbc.JdbcJobStore;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.ScriptedProvider;
import org.aistudio.core.provider.ScriptedProvider.Script;
import org.aistudio.core.stream.UiMessageStreamEncoder;
import org.aistudio.core.user.UserStore;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine on a real database with a scripted provider: every way a job can end, exactly once. */
class JobEngineTest {

    private static final TestDatabase DB = EmbeddedDatabase.createDatabase();
    private static final JdbcJobStore STORE = new JdbcJobStore(DB.dataSource());
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ScheduledExecutorService providerThread = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService db = Executors.newFixedThreadPool(4);
    private final List<JobEngine> engines = new ArrayList<>();
    private ScriptedProvider provider;
    private long user;

    @BeforeEach
    void setUp() {
        provider = new ScriptedProvider("scripted", providerThread, Script.answer(Duration.ofMillis(2), "a ", "b ", "c"));
        user = new UserStore(DB.dataSource()).idOf("engine-" + UUID.randomUUID(), Set.of("user"));
    }

    @AfterEach
    void tearDown() {
        engines.forEach(JobEngine::close);
        scheduler.shutdownNow();
        providerThread.shutdownNow();
        db.shutdownNow();
    }

    private JobEngine engine(String instance, JobEngineConfig.Builder config) {
        return engine(STORE, db, db, config);
    }

    private JobEngine engine(JobStore store, Executor dbExecutor, Executor upkeep, JobEngineConfig.Builder config) {
        JobEngine engine = new JobEngine(store, config.build(), scheduler, dbExecutor, upkeep, System::nanoTime,
                JobObserver.NONE);
        engine.startBackgroundTasks();
        engines.add(engine);
        return engine;
    }

    private JobEngine engine(String instance) {
        return engine(instance, JobEngineConfig.builder(instance).checkpointInterval(Duration.ofMillis(50))
                .keepAlive(Duration.ofMillis(100)).watchdogInterval(Duration.ofMillis(20))
                .tailPollInterval(Duration.ofMillis(50)).finishedRetention(Duration.ofSeconds(5)));
    }

    private static ModelInfo model(ModelInfo.ModelTimeouts timeouts) {
        int id = (int) DB.queryLong("SELECT id FROM ai_models WHERE key = 'demo'");
        return new ModelInfo(id, "demo", "Demo", "scripted", "m-1", true, null, new BigDecimal("1.0"),
                new BigDecimal("2.0"), List.of(), Set.of(), false, timeouts);
    }

    private LiveJob start(JobEngine engine, ModelInfo model) {
        return engine.start(new StartRequest(newJob(model), model, provider, ChatRequest.of("m-1", ChatMessage.user("hi"))))
                .join();
    }

    private NewJob newJob(ModelInfo model) {
        UUID id = UUID.randomUUID();
        return new NewJob(id, user, "conv-" + id, "t", model.id(), model.key(), "{}", "u-" + id, "hi", "[]", null);
    }

    private NewJob newJob() {
        return newJob(model(null));
    }

    private Job stored(UUID id) {
        return STORE.find(id).orElseThrow();
    }

    @Test
    void a_job_completes_with_its_content_usage_and_cost_saved() {
        LiveJob job = start(engine("a"), model(null));
        await().atMost(WAIT).until(() -> stored(job.id()).status() == JobStatus.COMPLETED);
        Job stored = stored(job.id());
        assertThat(stored.partialContent()).isEqualTo("a b c");
        assertThat(DB.queryString("SELECT (response_data->'usage'->>'outputTokens') || '/' || (response_data->>'cost') "
                + "FROM ai_streaming_jobs WHERE id = '" + job.id() + "'")).isEqualTo("3/0.009000");
    }

    @Test
    void ended_jobs_leave_memory_once_their_retention_has_passed() {
        JobEngine engine = engine("retention", JobEngineConfig.builder("retention")
                .watchdogInterval(Duration.ofMillis(20)).finishedRetention(Duration.ofMillis(300)));
        LiveJob first = start(engine, model(null));
        LiveJob second = start(engine, model(null));
        await().atMost(WAIT).until(() -> first.log().ended() && second.log().ended());

        // No job ends after these two: the watchdog, not a later ending, lets them go.
        await().atMost(WAIT).until(() -> engine.live(first.id()).isEmpty() && engine.live(second.id()).isEmpty());
        assertThat(STORE.find(first.id())).hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.COMPLETED));
    }

    @Test
    void an_ended_job_is_kept_for_resume_but_no_longer_watched() {
        JobEngine engine = engine("kept");
        LiveJob job = start(engine, model(null));
        await().atMost(WAIT).until(() -> job.log().ended());
        await().atMost(WAIT).until(() -> engine.unfinishedJobs().isEmpty());
        assertThat(engine.live(job.id())).containsSame(job);
        assertThat(engine.runningCount()).isZero();
        // Kept for replays from its log, not with the call (the whole request, the exchange's state).
        assertThat(job.holdsProviderCall()).isFalse();
    }

    private JobEngine engineOn(JobStore store) {
        JobEngine engine = new JobEngine(store, JobEngineConfig.builder("early").checkpointInterval(Duration.ofMillis(50))
                .watchdogInterval(Duration.ofMillis(20)).build(), scheduler, db, System::nanoTime, JobObserver.NONE);
        engine.startBackgroundTasks();
        engines.add(engine);
        return engine;
    }

    private java.util.concurrent.CompletableFuture<LiveJob> startEarly(JobEngine engine, UUID id) {
        ModelInfo model = model(null);
        NewJob job = new NewJob(id, user, "conv-" + id, "t", model.id(), model.key(), "{}", "u-" + id, "hi", "[]",
                null);
        return engine.start(new StartRequest(job, model, provider, ChatRequest.of("m-1", ChatMessage.user("hi")), true));
    }

    @Test
    void an_answer_that_ends_before_its_rows_are_committed_is_saved_after_them() throws Exception {
        java.util.concurrent.CountDownLatch commit = new java.util.concurrent.CountDownLatch(1);
        JobEngine engine = engineOn(new JdbcJobStore(DB.dataSource(), (c, job) -> {
            try {
                commit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        provider.enqueue(Script.answer(Duration.ZERO, "early ", "answer"));
        UUID id = UUID.randomUUID();

        var started = startEarly(engine, id);
        await().atMost(WAIT).until(() -> provider.calls() == 1);
        assertThat(started).isNotDone();
        assertThat(STORE.find(id)).isEmpty();
        commit.countDown();

        LiveJob job = started.get(15, java.util.concurrent.TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> stored(id).status() == JobStatus.COMPLETED);
        assertThat(stored(id).partialContent()).isEqualTo("early answer");
        assertThat(job.log().header().createdEpochSeconds()).isEqualTo(stored(id).createdAt().getEpochSecond());
        Collector reader = Collector.subscribe(job.log().publisher(UiMessageStreamEncoder::new, 0, 100));
        await().atMost(WAIT).until(reader::completed);
        assertThat(reader.text()).isEqualTo("early answer");
    }

    @Test
    void a_refused_early_start_aborts_the_provider_call_and_writes_nothing() throws Exception {
        IllegalStateException refusal = new IllegalStateException("refused");
        JobEngine engine = engineOn(new JdbcJobStore(DB.dataSource(), (c, job) -> {
            throw refusal;
        }));
        provider.enqueue(Script.stallAfter("speculative "));
        UUID id = UUID.randomUUID();

        var started = startEarly(engine, id);

        await().atMost(WAIT).until(started::isDone);
        assertThat(started).isCompletedExceptionally();
        assertThat(provider.awaitCancel(WAIT)).isTrue();
        assertThat(STORE.find(id)).isEmpty();
        assertThat(DB.queryLong("SELECT count(*) FROM messages WHERE conversation_id = 'conv-" + id + "'")).isZero();
        assertThat(engine.live(id)).isEmpty();
    }

    @Test
    void a_database_queue_that_refuses_the_write_aborts_the_early_provider_call() throws Exception {
        ExecutorService refusing = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        refusing.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        JobEngine engine = new JobEngine(STORE, JobEngineConfig.builder("full").build(), scheduler, refusing,
                System::nanoTime, JobObserver.NONE);
        engines.add(engine);
        provider.enqueue(Script.stallAfter("speculative "));
        UUID id = UUID.randomUUID();
        try {
            var started = startEarly(engine, id);

            assertThat(started).isCompletedExceptionally();
            assertThatThrownBy(started::join).hasCauseInstanceOf(AiStudioException.class)
                    .cause().satisfies(e -> assertThat(((AiStudioException) e).retriable()).isTrue());
            assertThat(provider.awaitCancel(WAIT)).isTrue();
            assertThat(engine.live(id)).isEmpty();
        } finally {
            release.countDown();
            refusing.shutdown();
        }
        assertThat(STORE.find(id)).isEmpty();
    }

    @Test
    void a_reader_that_leaves_does_not_stop_the_job() {
        provider.enqueue(Script.answer(Duration.ofMillis(30), "one ", "two ", "three ", "four"));
        LiveJob job = start(engine("a"), model(null));
        Collector reader = Collector.subscribe(job.log().publisher(UiMessageStreamEncoder::new, 0, 100));
        await().atMost(WAIT).until(() -> reader.text().contains("one"));
        reader.cancel();

        await().atMost(WAIT).until(() -> stored(job.id()).status() == JobStatus.COMPLETED);
        assertThat(stored(job.id()).partialContent()).isEqualTo("one two three four");
        assertThat(DB.queryString("SELECT content FROM messages WHERE job_id = '" + job.id() + "'"))
                .isEqualTo("one two three four");
    }

    @Test
    void cancel_reaches_the_provider_and_keeps_the_partial_content() throws Exception {
        provider.enqueue(Script.stallAfter("partial "));
        JobEngine engine = engine("a");
        LiveJob job = start(engine, model(null));
        await().atMost(WAIT).until(() -> job.content().equals("partial "));
        // The scripted events can run before stream() returns, so the call may be attached just after them.
        await().atMost(WAIT).until(job::holdsProviderCall);

        assertThat(engine.cancel(job.id(), user).join()).isEqualTo(CancelResult.CANCELLING);

        assertThat(provider.awaitCancel(WAIT)).isTrue();
        await().atMost(WAIT).until(() -> stored(job.id()).status() == JobStatus.CANCELLED);
        assertThat(job.holdsProviderCall()).isFalse();
        assertThat(stored(job.id()).partialContent()).isEqualTo("partial ");
        assertThat(engine.cancel(job.id(), user).join()).isEqualTo(CancelResult.ALREADY_ENDED);
        assertThat(engine.cancel(UUID.randomUUID(), user).join()).isEqualTo(CancelResult.NOT_FOUND);
    }

    @Test
    void a_failure_after_text_is_a_failed_job_with_the_partial_content_never_a_finish() {
        provider.enqueue(Script.failAfter(new ProviderException("scripted", ErrorKind.INCOMPLETE, "stream cut"), "half "));
        LiveJob job = start(engine("a"), model(null));
        Collector reader = Collector.subscribe(job.log().publisher(UiMessageStreamEncoder::new, 0, 100));

        await().atMost(WAIT).until(() -> stored(job.id()).status() == JobStatus.FAILED);
        assertThat(stored(job.id()).partialContent()).isEqualTo("half ");
        await().atMost(WAIT).until(reader::completed);
        assertThat(reader.frames()).anyMatch(f -> f.contains("\"type\":\"error\"") && f.contains("stream cut"));
        assertThat(reader.frames()).noneMatch(f -> f.contains("\"type\":\"finish\""));
    }

    @Test
    void a_stalled_upstream_fails_on_the_idle_timeout_and_is_cancelled_upstream() throws Exception {
        provider.enqueue(Script.stallAfter("thinking "));
        ModelInfo.ModelTimeouts quickIdle = new ModelInfo.ModelTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200),
                Duration.ofMinutes(1));
        LiveJob job = start(engine("a"), model(quickIdle));

        await().atMost(WAIT).until(() -> stored(job.id()).status() == JobStatus.FAILED);
        assertThat(stored(job.id()).errorMessage()).startsWith("timeout: no data from the model");
        assertThat(stored(job.id()).partialContent()).isEqualTo("thinking ");
        assertThat(provider.awaitCancel(WAIT)).isTrue();
    }

    @Test
    void no_first_token_in_time_fails_the_job() {
        provider.enqueue(Script.stallAfter());
        ModelInfo.ModelTimeouts quick = new ModelInfo.ModelTimeouts(Duration.ofMillis(150), Duration.ofSeconds(5),
                Duration.ofMinutes(1));
        LiveJob job = start(engine("a"), model(quick));
        await().atMost(WAIT).until(() -> stored(job.id()).status() == JobStatus.FAILED);
        assertThat(stored(job.id()).errorMessage()).startsWith("timeout: no first token");
    }

    @Test
    void a_silent_upstream_gets_keep_alive_comments() {
        provider.enqueue(Script.stallAfter());
        LiveJob job = start(engine("a"), model(null));
        Collector reader = Collector.subscribe(job.log().publisher(UiMessageStreamEncoder::new, 0, 100));
        await().atMost(WAIT).until(() -> reader.frames().stream().filter(f -> f.equals(": keep-alive\n\n")).count() >= 2);
    }

    @Test
    void resume_after_last_event_id_replays_exactly_the_missing_frames() {
        LiveJob job = start(engine("a"), model(null));
        Collector all = Collector.subscribe(job.log().publisher(UiMessageStreamEncoder::new, 0, 100));
        await().atMost(WAIT).until(all::completed);
        Collector tail = Collector.subscribe(job.log().publisher(UiMessageStreamEncoder::new, 4, 100));
        await().atMost(WAIT).until(tail::completed);

        List<String> numbered = all.frames().stream().filter(f -> f.startsWith("id: ")).toList();
        assertThat(tail.frames().get(0)).startsWith("id: 5\n");
        assertThat(tail.frames()).containsExactlyElementsOf(all.frames().subList(4, all.frames().size()));
        assertThat(numbered.size()).isGreaterThan(5);
    }

    @Test
    void another_instance_tails_a_running_job_from_its_checkpoints_to_the_end() {
        provider.enqueue(Script.answer(Duration.ofMillis(40), "alpha ", "beta ", "gamma ", "delta ", "epsilon"));
        JobEngine owner = engine("owner");
        JobEngine other = engine("other");
        LiveJob job = start(owner, model(null));
        await().atMost(WAIT).until(() -> stored(job.id()).partialContent() != null);

        Collector reader = Collector.subscribe(other.publisher(stored(job.id()), UiMessageStreamEncoder::new, 0));

        await().atMost(WAIT).until(reader::completed);
        assertThat(reader.text()).isEqualTo("alpha beta gamma delta epsilon");
        assertThat(reader.frames()).anyMatch(f -> f.contains("\"type\":\"finish\""));
    }

    @Test
    void a_lost_instances_job_is_failed_by_another_instances_sweeper_with_its_partial_content() {
        provider.enqueue(Script.stallAfter("before the crash "));
        JobEngine doomed = engine("doomed");
        LiveJob job = start(doomed, model(null));
        await().atMost(WAIT).until(() -> "before the crash ".equals(stored(job.id()).partialContent()));
        doomed.close();
        DB.execute("UPDATE ai_streaming_jobs SET heartbeat_at = NOW() - INTERVAL '10 minutes' WHERE id = '" + job.id() + "'");

        engine("survivor", JobEngineConfig.builder("survivor").staleAfter(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofMillis(500)).checkpointInterval(Duration.ofMillis(100)));

        await().atMost(WAIT).until(() -> stored(job.id()).status() == JobStatus.FAILED);
        assertThat(stored(job.id()).errorMessage()).isEqualTo(JobEngine.INSTANCE_LOST);
        assertThat(DB.queryString("SELECT content FROM messages WHERE job_id = '" + job.id() + "'"))
                .isEqualTo("before the crash ");
    }

    @Test
    void an_instance_never_sweeps_its_own_running_jobs_when_their_heartbeats_fall_behind() {
        provider.enqueue(Script.stallAfter("still thinking "));
        // Heartbeats that never land, as when the database's backlog holds them past staleAfter.
        JobStore late = storeWith("heartbeat", (method, args) -> List.of());
        JobEngine engine = engine(late, db, db, JobEngineConfig.builder("overloaded").staleAfter(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofMillis(200)).checkpointInterval(Duration.ofMillis(50)));
        LiveJob own = start(engine, model(null));
        await().atMost(WAIT).until(() -> "still thinking ".equals(stored(own.id()).partialContent()));
        Job orphan = STORE.start(newJob(), "gone");
        DB.execute("UPDATE ai_streaming_jobs SET heartbeat_at = NOW() - INTERVAL '10 minutes' "
                + "WHERE id IN ('" + own.id() + "', '" + orphan.id() + "')");

        // Its sweeper fails the job no instance runs; its own, older one in the same pass if at all.
        await().atMost(WAIT).until(() -> stored(orphan.id()).status() == JobStatus.FAILED);
        assertThat(stored(own.id()).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(own.ended()).isFalse();
    }

    @Test
    void a_job_whose_ending_could_not_be_written_is_swept_by_its_own_instance() {
        // The answer completes, but its ending cannot be written: the row stays running.
        JobStore failing = storeWith("finish", (method, args) -> {
            throw new AiStudioException("the database refused the write", false);
        });
        JobEngine engine = engine(failing, db, db, JobEngineConfig.builder("alone").staleAfter(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofMillis(200)).checkpointInterval(Duration.ofMillis(50)));
        LiveJob job = start(engine, model(null));
        await().atMost(WAIT).until(() -> job.log().ended());

        // No longer this instance's to keep alive: with no other instance, its own sweeper ends it.
        await().atMost(WAIT).until(() -> stored(job.id()).status() == JobStatus.FAILED);
        assertThat(stored(job.id()).errorMessage()).isEqualTo(JobEngine.INSTANCE_LOST);
    }

    @Test
    void heartbeats_are_written_ahead_of_the_database_work_waiting_behind_a_burst() throws Exception {
        provider.enqueue(Script.stallAfter("waiting "));
        List<String> order = new CopyOnWriteArrayList<>();
        JobStore watched = storeWith("heartbeat", (method, args) -> {
            order.add("heartbeat");
            return method.invoke(STORE, args);
        });
        WarmThreadsExecutor one = new WarmThreadsExecutor(1, 100, Thread::new);
        try {
            JobEngine engine = engine(watched, one, one.ahead(), JobEngineConfig.builder("burst")
                    .heartbeatInterval(Duration.ofMillis(100)).checkpointInterval(Duration.ofMillis(20)));
            LiveJob job = start(engine, model(null));
            await().atMost(WAIT).until(() -> "waiting ".equals(stored(job.id()).partialContent()));

            // The thread is busy while a batch of heartbeats waits; none is made while one waits.
            CountDownLatch first = new CountDownLatch(1);
            one.execute(() -> awaitQuietly(first));
            await().atMost(WAIT).until(() -> one.backlog() == 1);
            // A burst queues behind it: the first of the burst keeps the thread until the next
            // batch of heartbeats, made after the waiting one ran, is queued too.
            CountDownLatch second = new CountDownLatch(1);
            List<CompletableFuture<Void>> burst = new ArrayList<>();
            burst.add(CompletableFuture.runAsync(() -> awaitQuietly(second), one));
            for (int i = 0; i < 19; i++) {
                burst.add(CompletableFuture.runAsync(() -> order.add("other"), one));
            }
            first.countDown();
            await().atMost(WAIT).until(() -> one.backlog() == 20 && one.idleThreads() == 0);
            order.clear();
            second.countDown();

            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> order.contains("heartbeat"));
            assertThat(order).first().isEqualTo("heartbeat");
            assertThat(order).filteredOn("other"::equals).hasSize(19);
        } finally {
            engines.forEach(JobEngine::close);
            engines.clear();
            one.shutdownNow();
        }
    }

    @Test
    void each_written_batch_of_heartbeats_is_reported_with_its_delay() {
        provider.enqueue(Script.stallAfter("slow "));
        List<Duration> delays = new CopyOnWriteArrayList<>();
        JobObserver observer = new JobObserver() {
            @Override
            public void heartbeatsWritten(Duration delay) {
                delays.add(delay);
            }
        };
        JobEngine engine = new JobEngine(STORE, JobEngineConfig.builder("reporting")
                .heartbeatInterval(Duration.ofMillis(100)).checkpointInterval(Duration.ofMillis(20)).build(),
                scheduler, db, db, System::nanoTime, observer);
        engines.add(engine);
        engine.startBackgroundTasks();
        LiveJob job = start(engine, model(null));

        // The checkpoint of its text, then heartbeats while it waits.
        await().atMost(WAIT).until(() -> delays.size() >= 3);
        assertThat(stored(job.id()).partialContent()).isEqualTo("slow ");
        assertThat(delays).allSatisfy(d -> assertThat(d).isPositive().isLessThan(WAIT));
    }

    /** How a store's method is answered instead: given the method and its arguments. */
    private interface Answer {
        Object answer(Method method, Object[] args) throws Throwable;
    }

    /** The test's store, with {@code method} answered by {@code answer} instead. */
    private static JobStore storeWith(String method, Answer answer) {
        return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
                (proxy, m, args) -> {
                    try {
                        return m.getName().equals(method) ? answer.answer(m, args) : m.invoke(STORE, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void cancel_from_another_instance_stops_the_owner_at_its_next_checkpoint() throws Exception {
        provider.enqueue(Script.stallAfter("so far "));
        JobEngine owner = engine("owner");
        JobEngine other = engine("other");
        LiveJob job = start(owner, model(null));
        await().atMost(WAIT).until(() -> "so far ".equals(stored(job.id()).partialContent()));
        Collector reader = Collector.subscribe(job.log().publisher(UiMessageStreamEncoder::new, 0, 100));

        assertThat(other.cancel(job.id(), user).join()).isEqualTo(CancelResult.CANCELLING);

        assertThat(provider.awaitCancel(WAIT)).isTrue();
        await().atMost(WAIT).until(reader::completed);
        assertThat(reader.frames()).anyMatch(f -> f.contains("\"type\":\"abort\""));
        assertThat(stored(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void drain_lets_short_jobs_finish_and_interrupts_the_rest_with_partial_content() {
        JobEngine engine = engine("draining");
        provider.enqueue(Script.answer(Duration.ofMillis(10), "quick ", "one"));
        provider.enqueue(Script.stallAfter("never ends "));
        LiveJob quick = start(engine, model(null));
        LiveJob stuck = start(engine, model(null));
        await().atMost(WAIT).until(() -> stuck.content().equals("never ends "));

        int interrupted = engine.drain(Duration.ofMillis(500));

        assertThat(interrupted).isEqualTo(1);
        assertThat(stored(quick.id()).status()).isEqualTo(JobStatus.COMPLETED);
        Job stopped = stored(stuck.id());
        assertThat(stopped.status()).isEqualTo(JobStatus.FAILED);
        assertThat(stopped.errorMessage()).isEqualTo(JobEngine.SHUTDOWN);
        assertThat(stopped.partialContent()).isEqualTo("never ends ");
        assertThat(engine.start(new StartRequest(new NewJob(UUID.randomUUID(), user, "c", "t", quick.model().id(),
                quick.model().key(), "{}", "u", "x", "[]", null), quick.model(), provider, ChatRequest.of("m", ChatMessage.user("x")))))
                .isCompletedExceptionally();
    }

    @Test
    void checkpoints_are_batched_not_written_per_token() {
        String[] many = new String[200];
        for (int i = 0; i < many.length; i++) {
            many[i] = "t" + i + " ";
        }
        provider.enqueue(Script.answer(Duration.ofMillis(1), many));
        long before = DB.queryLong("SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'ai_streaming_jobs'");
        LiveJob job = start(engine("a"), model(null));
        await().atMost(WAIT).until(() -> stored(job.id()).status() == JobStatus.COMPLETED);
        // Statistics are flushed lazily; force them before reading.
        DB.queryString("SELECT pg_stat_force_next_flush()");
        long updates = DB.queryLong("SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'ai_streaming_jobs'") - before;
        assertThat(updates).isLessThan(many.length / 4);
    }

    /** A reactive subscriber that records frames and asks for them one at a time, like a socket. */
    static final class Collector implements Flow.Subscriber<String> {
        private final List<String> frames = new CopyOnWriteArrayList<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean completed;

        static Collector subscribe(Flow.Publisher<String> publisher) {
            Collector c = new Collector();
            publisher.subscribe(c);
            return c;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(String item) {
            frames.add(item);
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            completed = true;
        }

        @Override
        public void onComplete() {
            completed = true;
        }

        void cancel() {
            subscription.cancel();
        }

        boolean completed() {
            return completed;
        }

        List<String> frames() {
            return List.copyOf(frames);
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            for (String f : frames) {
                int i = f.indexOf("\"type\":\"text-delta\"");
                if (i >= 0) {
                    int d = f.indexOf("\"delta\":\"") + 9;
                    sb.append(f, d, f.lastIndexOf("\"}"));
                }
            }
            return sb.toString();
        }
    }
}
