package org.aistudio.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        javax.sql.DataSource gated = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
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

        java.util.concurrent.CompletableFuture<Boolean> rereading = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> shared.find("cat-burst").isPresent());
        held.await();
        for (int i = 0; i < 20; i++) {
            assertThat(shared.find("cat-burst")).as("the old copy, served while one caller re-reads").isEmpty();
        }
        release.countDown();
        assertThat(rereading.get(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(shared.find("cat-burst")).isPresent();
        assertThat(reads).hasValue(2);
    }

    @Test
    void a_reread_that_fails_for_a_passing_reason_keeps_the_old_copy_and_any_other_failure_is_thrown() {
        java.util.concurrent.atomic.AtomicReference<java.sql.SQLException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        javax.sql.DataSource failing = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    java.sql.SQLException e = failure.get();
                    if (e != null && method.getName().equals("getConnection")) {
                        throw e;
                    }
                    return method.invoke(DB.dataSource(), args);
                });
        JdbcModelCatalog shared = new JdbcModelCatalog(failing, clock, Duration.ofSeconds(2));
        assertThat(shared.find("demo")).isPresent();

        failure.set(new java.sql.SQLTransientConnectionException("no connection in time"));
        clock.advance(Duration.ofSeconds(3));
        assertThat(shared.find("demo")).as("the old copy").isPresent();

        failure.set(new java.sql.SQLException("relation does not exist", "42P01"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> shared.find("demo"))
                .isInstanceOf(org.aistudio.core.AiStudioException.class)
                .satisfies(e -> assertThat(((org.aistudio.core.AiStudioException) e).retriable()).isFalse());
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
