package org.aistudio.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.aistudio.core.AiStudioException;
import org.aistudio.core.provider.Usage;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.fixtures.time.SettableClock;
import org.junit.jupiter.api.Test;

class JdbcModelCatalogTest {

    private static final TestDatabase DB = EmbeddedDatabase.createDatabase();
    private final SettableClock clock = SettableClock.startingNow();
    private final JdbcModelCatalog catalog = new JdbcModelCatalog(DB.dataSource(), clock, Duration.ofSeconds(2));
    private final JdbcModelStore store = new JdbcModelStore(DB.dataSource(),
            new ModelRules(new KnownProviders(List::of)), catalog::invalidate);

    private static ModelDefinition.Builder model(String key) {
        return ModelDefinition.builder(key).name("Model " + key).provider("demo").providerModelId("demo-1");
    }

    @Test
    void a_change_from_another_instance_shows_once_the_ttl_has_passed() {
        assertThat(catalog.find("cat-remote")).isEmpty();
        DB.execute("INSERT INTO ai_models (key, name, provider, provider_model_id) "
                + "VALUES ('cat-remote', 'Remote', 'demo', 'demo-1')");

        clock.advance(Duration.ofSeconds(2));
        assertThat(catalog.find("cat-remote")).as("still within the TTL").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(catalog.find("cat-remote")).isPresent();
    }

    @Test
    void once_the_ttl_has_passed_one_caller_rereads_while_the_others_keep_the_old_copy() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        DataSource gated = (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && reads.incrementAndGet() == 2) {
                        held.countDown();
                        release.await();
                    }
                    return method.invoke(DB.dataSource(), args);
                });
        JdbcModelCatalog shared = new JdbcModelCatalog(gated, clock, Duration.ofSeconds(2));
        assertThat(shared.find("demo")).isPresent();
        DB.execute("INSERT INTO ai_models (key, name, provider, provider_model_id) "
                + "VALUES ('cat-burst', 'Burst', 'demo', 'demo-1')");
        clock.advance(Duration.ofSeconds(3));

        CompletableFuture<Boolean> rereading = CompletableFuture.supplyAsync(
                () -> shared.find("cat-burst").isPresent());
        assertThat(held.await(15, TimeUnit.SECONDS)).as("one caller re-reads").isTrue();
        for (int i = 0; i < 20; i++) {
            assertThat(shared.find("cat-burst")).as("the old copy, served while one caller re-reads").isEmpty();
        }
        release.countDown();
        assertThat(rereading.get(15, TimeUnit.SECONDS)).isTrue();
        assertThat(shared.find("cat-burst")).isPresent();
        assertThat(reads).hasValue(2);
    }

    @Test
    void a_reread_that_fails_for_a_passing_reason_keeps_the_old_copy_and_any_other_failure_is_thrown() {
        AtomicReference<SQLException> failure = new AtomicReference<>();
        DataSource failing = failingWith(failure);
        JdbcModelCatalog shared = new JdbcModelCatalog(failing, clock, Duration.ofSeconds(2));
        assertThat(shared.find("demo")).isPresent();

        failure.set(new SQLTransientConnectionException("no connection in time"));
        clock.advance(Duration.ofSeconds(3));
        assertThat(shared.find("demo")).as("the old copy").isPresent();

        failure.set(new SQLException("relation does not exist", "42P01"));
        assertThatThrownBy(() -> shared.find("demo"))
                .isInstanceOf(AiStudioException.class)
                .satisfies(e -> assertThat(((AiStudioException) e).retriable()).isFalse());
    }

    @Test
    void given_an_executor_no_caller_waits_for_the_reread_and_its_failure_reaches_the_next_caller() {
        AtomicReference<SQLException> failure = new AtomicReference<>();
        DataSource failing = failingWith(failure);
        Deque<Runnable> rereads = new ArrayDeque<>();
        JdbcModelCatalog shared = new JdbcModelCatalog(failing, clock, Duration.ofSeconds(2), rereads::add);
        assertThat(shared.find("demo")).as("a cache never filled is read by its caller").isPresent();
        assertThat(rereads).isEmpty();

        DB.execute("INSERT INTO ai_models (key, name, provider, provider_model_id) "
                + "VALUES ('cat-behind', 'Behind', 'demo', 'demo-1')");
        clock.advance(Duration.ofSeconds(3));
        assertThat(shared.find("cat-behind")).as("the old copy while the re-read waits").isEmpty();
        assertThat(shared.find("cat-behind")).isEmpty();
        assertThat(rereads).as("one re-read for all callers").hasSize(1);
        rereads.poll().run();
        assertThat(shared.find("cat-behind")).isPresent();

        failure.set(new SQLException("relation does not exist", "42P01"));
        clock.advance(Duration.ofSeconds(3));
        assertThat(shared.find("demo")).isPresent();
        rereads.poll().run();
        assertThatThrownBy(() -> shared.find("demo"))
                .isInstanceOf(AiStudioException.class)
                .satisfies(e -> assertThat(((AiStudioException) e).retriable()).isFalse());

        failure.set(null);
        assertThat(shared.find("demo")).as("the old copy again, and a new re-read").isPresent();
        assertThat(rereads).hasSize(1);

        failure.set(new SQLException("relation does not exist", "42P01"));
        rereads.poll().run();
        failure.set(null);
        shared.invalidate();
        assertThat(shared.find("demo")).as("read by its caller after the invalidation").isPresent();
        assertThat(shared.find("demo")).as("the failure the read outlived is not thrown").isPresent();
    }

    @Test
    void in_memory_answers_without_a_read_or_not_at_all() {
        AtomicReference<SQLException> failure = new AtomicReference<>();
        AtomicInteger connections = new AtomicInteger();
        DataSource failing = failingWith(failure);
        DataSource counted = (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(failing, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Deque<Runnable> rereads = new ArrayDeque<>();
        JdbcModelCatalog shared = new JdbcModelCatalog(counted, clock, Duration.ofSeconds(2), rereads::add);
        assertThat(shared.inMemory()).as("never read").isEmpty();
        assertThat(connections).hasValue(0);

        assertThat(shared.find("demo")).isPresent();
        assertThat(shared.inMemory()).hasValueSatisfying(models -> assertThat(models.find("demo")).isPresent());
        DB.execute("INSERT INTO ai_models (key, name, provider, provider_model_id) "
                + "VALUES ('cat-memory', 'Memory', 'demo', 'demo-1')");
        clock.advance(Duration.ofSeconds(3));
        assertThat(shared.inMemory()).as("the old copy while its re-read waits")
                .hasValueSatisfying(models -> assertThat(models.find("cat-memory")).isEmpty());
        assertThat(shared.inMemory()).isPresent();
        assertThat(rereads).as("one re-read, on the executor").hasSize(1);
        assertThat(connections).hasValue(1);
        rereads.poll().run();
        assertThat(shared.inMemory()).hasValueSatisfying(models -> assertThat(models.find("cat-memory")).isPresent());

        failure.set(new SQLException("relation does not exist", "42P01"));
        clock.advance(Duration.ofSeconds(3));
        assertThat(shared.inMemory()).isPresent();
        rereads.poll().run();
        assertThat(shared.inMemory()).as("a failure to report: only find() can").isEmpty();
        assertThatThrownBy(() -> shared.find("demo")).isInstanceOf(AiStudioException.class);

        failure.set(null);
        shared.invalidate();
        int before = connections.get();
        assertThat(shared.inMemory()).as("just invalidated").isEmpty();
        assertThat(connections).hasValue(before);

        assertThat(catalog.find("demo")).isPresent();
        clock.advance(Duration.ofSeconds(3));
        assertThat(catalog.inMemory()).as("expired, and no executor to re-read on").isEmpty();
    }

    /** The test database, whose connections fail with {@code failure} while it is set. */
    private DataSource failingWith(AtomicReference<SQLException> failure) {
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    SQLException e = failure.get();
                    if (e != null && method.getName().equals("getConnection")) {
                        throw e;
                    }
                    return method.invoke(DB.dataSource(), args);
                });
    }

    @Test
    void a_local_write_shows_at_once() {
        assertThat(catalog.find("cat-local")).isEmpty();
        store.create(model("cat-local").roles(List.of("team")).build());

        assertThat(catalog.find("cat-local")).hasValueSatisfying(m -> assertThat(m.roles()).containsExactly("team"));
        assertThat(catalog.allowedFor(Set.of("user"))).extracting(ModelInfo::key).doesNotContain("cat-local");
        assertThat(catalog.allowedFor(Set.of("team"))).extracting(ModelInfo::key).contains("cat-local");

        store.deactivate("cat-local");
        assertThat(catalog.allowedFor(Set.of("team"))).extracting(ModelInfo::key).doesNotContain("cat-local");
        assertThat(catalog.find("cat-local")).hasValueSatisfying(m -> assertThat(m.active()).isFalse());
    }

    @Test
    void unset_timeouts_take_the_defaults_and_prices_price_usage() {
        store.create(model("cat-info").inputCostPer1k(new BigDecimal("1")).outputCostPer1k(new BigDecimal("2"))
                .idleTimeoutMs(5_000).build());
        ModelInfo m = catalog.find("cat-info").orElseThrow();

        assertThat(m.timeouts().idle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(m.timeouts().firstToken()).isEqualTo(ModelInfo.ModelTimeouts.DEFAULTS.firstToken());
        assertThat(m.cost(new Usage(1000, 500, 0))).isEqualByComparingTo("2");
    }
}
