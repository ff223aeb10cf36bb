package org.aistudio.core.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SanitizerConcurrencyTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 500;

    @Test
    void one_instance_gives_the_same_answers_on_many_threads() throws Exception {
        Sanitizer sanitizer = Sanitizer.defaults();
        Map<String, Object> value = Map.of(
            "password", "hunter2", "note", "call +14155552671", "items", List.of("jane@example.com", 3));
        Object expected = sanitizer.sanitize(value);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        if (!sanitizer.sanitize(value).equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
