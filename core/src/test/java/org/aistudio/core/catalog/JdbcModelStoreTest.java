package org.aistudio.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.aistudio.core.NotFoundException;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.junit.jupiter.api.Test;

class JdbcModelStoreTest {

    private static final TestDatabase DB = EmbeddedDatabase.createDatabase();
    private final AtomicInteger changes = new AtomicInteger();
    private final JdbcModelStore store = new JdbcModelStore(DB.dataSource(),
            new ModelRules(new KnownProviders(List::of)), changes::incrementAndGet);

    private static ModelDefinition.Builder model(String key, String... fallbacks) {
        return ModelDefinition.builder(key).name("Model " + key).provider("openai").providerModelId("gpt-4o")
                .fallbacks(List.of(fallbacks));
    }

    @Test
    void a_created_model_is_stored_with_its_grants_and_read_back_equal() {
        ModelDefinition m = model("store-create").maxTokens(2048).inputCostPer1k(new BigDecimal("0.0025"))
                .outputCostPer1k(new BigDecimal("0.01")).roles(List.of("team-b", "team-a")).reasoning(true)
                .firstTokenTimeoutMs(30_000).build();
        store.create(m);

        assertThat(store.find("store-create")).contains(m);
        assertThat(DB.queryString("SELECT string_agg(g.role, ',' ORDER BY g.role) FROM model_access_grants g "
                + "JOIN ai_models m ON m.id = g.model_id WHERE m.key = 'store-create'")).isEqualTo("team-a,team-b");
        assertThat(DB.queryString("SELECT capabilities->>'streaming' FROM ai_models WHERE key = 'store-create'"))
                .isEqualTo("true");
        assertThat(changes.get()).isEqualTo(1);
    }

    @Test
    void a_taken_key_is_a_conflict_also_when_the_model_is_inactive() {
        store.create(model("store-dup").build());
        store.deactivate("store-dup");
        assertThatThrownBy(() -> store.create(model("store-dup").build()))
                .isInstanceOfSatisfying(ModelConflictException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ModelConflictException.Reason.EXISTS);
                    assertThat(e.getMessage()).contains("inactive");
                });
    }

    @Test
    void replacing_rewrites_fields_and_grants_and_keeps_the_row() {
        store.create(model("store-put").roles(List.of("a", "b")).build());
        long id = DB.queryLong("SELECT id FROM ai_models WHERE key = 'store-put'");
        ModelDefinition changed = model("store-put").name("Renamed").roles(List.of("c"))
                .outputCostPer1k(new BigDecimal("0.5")).build();
        store.replace(changed);

        assertThat(store.find("store-put")).contains(changed);
        assertThat(DB.queryLong("SELECT id FROM ai_models WHERE key = 'store-put'")).isEqualTo(id);
        assertThat(DB.queryLong("SELECT count(*) FROM model_access_grants WHERE model_id = " + id)).isEqualTo(1);
    }

    @Test
    void replacing_or_deactivating_an_unknown_model_is_not_found() {
        assertThatThrownBy(() -> store.replace(model("store-none").build())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.deactivate("store-none")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void an_invalid_write_changes_nothing() {
        store.create(model("store-keep").roles(List.of("r1")).build());
        int before = changes.get();
        assertThatThrownBy(() -> store.replace(model("store-keep", "store-keep").roles(List.of("r2")).build()))
                .isInstanceOf(InvalidModelException.class);
        assertThat(store.find("store-keep").orElseThrow().roles()).containsExactly("r1");
        assertThat(changes.get()).isEqualTo(before);
    }

    @Test
    void deactivating_keeps_the_row_and_refuses_while_an_active_model_falls_back_to_it() {
        store.create(model("store-target").build());
        store.create(model("store-referrer", "store-target").build());
        assertThatThrownBy(() -> store.deactivate("store-target")).isInstanceOf(ModelConflictException.class)
                .hasMessageContaining("store-referrer");

        store.replace(model("store-referrer").build());
        ModelDefinition off = store.deactivate("store-target");
        assertThat(off.active()).isFalse();
        assertThat(DB.queryString("SELECT active::text FROM ai_models WHERE key = 'store-target'")).isEqualTo("false");
        assertThat(store.deactivate("store-target").active()).isFalse();
    }

    @Test
    void upsert_all_creates_models_that_fall_back_to_each_other_and_skips_unchanged_ones() {
        List<ModelDefinition> declared = List.of(model("store-cfg-a", "store-cfg-b").build(),
                model("store-cfg-b").build());
        assertThat(store.upsertAll(declared)).isEqualTo(2);
        String updatedAt = DB.queryString("SELECT updated_at::text FROM ai_models WHERE key = 'store-cfg-a'");

        assertThat(store.upsertAll(declared)).isZero();
        assertThat(DB.queryString("SELECT updated_at::text FROM ai_models WHERE key = 'store-cfg-a'"))
                .isEqualTo(updatedAt);
        assertThat(store.upsertAll(List.of(model("store-cfg-b").name("B2").build()))).isEqualTo(1);
    }

    @Test
    void two_concurrent_writers_cannot_build_a_cycle_between_them() throws Exception {
        for (int round = 0; round < 5; round++) {
            String a = "store-race-a" + round;
            String b = "store-race-b" + round;
            store.create(model(a).build());
            store.create(model(b).build());
            CountDownLatch go = new CountDownLatch(1);
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<?> first = CompletableFuture.runAsync(() -> race(go, failures, model(a, b).build()));
            CompletableFuture<?> second = CompletableFuture.runAsync(() -> race(go, failures, model(b, a).build()));
            go.countDown();
            CompletableFuture.allOf(first, second).join();

            assertThat(failures).hasSize(1).allSatisfy(t -> assertThat(t).isInstanceOf(InvalidModelException.class)
                    .hasMessageContaining("cycle"));
        }
    }

    private void race(CountDownLatch go, List<Throwable> failures, ModelDefinition change) {
        try {
            go.await();
            store.replace(change);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
