package org.aistudio.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WarmThreadsExecutorTest {

    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger();
    private final ThreadFactory threads = task -> {
        Thread t = new Thread(task, "warm-" + numbers.incrementAndGet());
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        return t;
    };
    private WarmThreadsExecutor executor;

    @AfterEach
    void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void work_that_comes_one_task_at_a_time_stays_on_one_thread() {
        executor = started(10, 100);
        Set<String> used = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 30; i++) {
            CompletableFuture.runAsync(() -> used.add(Thread.currentThread().getName()), executor).join();
            awaitIdle(executor, 10);
        }
        assertThat(used).hasSize(1);
    }

    @Test
    void tasks_beyond_the_threads_wait_in_order_and_run_as_threads_free() throws Exception {
        executor = started(2, 10);
        CountDownLatch release = occupyAll(executor, 2);
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            queued.add(CompletableFuture.runAsync(() -> order.add(n), executor));
        }
        assertThat(executor.backlog()).isEqualTo(5);
        assertThat(order).isEmpty();

        release.countDown();
        CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(order.get(0)).isIn(0, 1);
        assertThat(executor.backlog()).isZero();
        awaitIdle(executor, 2);
    }

    @Test
    void a_full_backlog_refuses_the_task() {
        executor = started(1, 1);
        CountDownLatch release = occupyAll(executor, 1);
        executor.execute(() -> { });
        assertThatThrownBy(() -> executor.execute(() -> { }))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("1 tasks are waiting");
        release.countDown();
    }

    @Test
    void tasks_given_ahead_run_before_the_backlog_in_the_order_they_came() throws Exception {
        executor = started(1, 2);
        CountDownLatch release = occupyAll(executor, 1);
        List<String> order = new CopyOnWriteArrayList<>();
        executor.execute(() -> order.add("queued 1"));
        executor.execute(() -> order.add("queued 2"));
        executor.ahead().execute(() -> order.add("ahead 1"));
        executor.ahead().execute(() -> order.add("ahead 2"));
        assertThat(executor.backlog()).isEqualTo(4);

        release.countDown();
        awaitIdle(executor, 1);
        assertThat(order).containsExactly("ahead 1", "ahead 2", "queued 1", "queued 2");
    }

    @Test
    void a_full_backlog_still_takes_a_task_given_ahead_but_not_after_shutdown() {
        executor = started(1, 1);
        CountDownLatch release = occupyAll(executor, 1);
        executor.execute(() -> { });
        AtomicInteger ran = new AtomicInteger();
        executor.ahead().execute(ran::incrementAndGet);

        release.countDown();
        awaitIdle(executor, 1);
        assertThat(ran).hasValue(1);
        executor.shutdown();
        assertThatThrownBy(() -> executor.ahead().execute(ran::incrementAndGet))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void a_task_that_throws_is_reported_and_its_thread_goes_on() {
        executor = started(1, 10);
        executor.execute(() -> {
            throw new IllegalStateException("boom");
        });
        CompletableFuture<String> after = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(),
                executor);
        assertThat(after.join()).isEqualTo("warm-1");
        assertThat(uncaught).singleElement().satisfies(e -> assertThat(e).hasMessage("boom"));
    }

    @Test
    void shutdown_runs_the_waiting_tasks_refuses_new_ones_then_ends() throws Exception {
        executor = started(1, 10);
        CountDownLatch release = occupyAll(executor, 1);
        AtomicInteger ran = new AtomicInteger();
        executor.execute(ran::incrementAndGet);
        executor.execute(ran::incrementAndGet);

        executor.shutdown();
        assertThat(executor.isShutdown()).isTrue();
        assertThatThrownBy(() -> executor.execute(ran::incrementAndGet))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(executor.awaitTermination(0, TimeUnit.MILLISECONDS)).isFalse();

        release.countDown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.isTerminated()).isTrue();
        assertThat(ran).hasValue(2);
    }

    @Test
    void shutdown_now_returns_the_waiting_tasks_and_interrupts_the_running_ones() throws Exception {
        executor = started(1, 10);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        executor.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // only an interrupt ends it
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Runnable waiting = () -> { };
        Runnable ahead = () -> { };
        executor.execute(waiting);
        executor.ahead().execute(ahead);

        assertThat(executor.shutdownNow()).containsExactly(ahead, waiting);
        assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void idle_threads_end_at_shutdown() throws Exception {
        executor = started(3, 10);
        awaitIdle(executor, 3);
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.idleThreads()).isZero();
    }

    /** An executor whose threads have all started and wait for work. */
    private WarmThreadsExecutor started(int threadCount, int backlog) {
        WarmThreadsExecutor started = new WarmThreadsExecutor(threadCount, backlog, threads);
        awaitIdle(started, threadCount);
        return started;
    }

    /** Gives each of the executor's {@code threads} a task that waits; counting the latch down ends them. */
    private static CountDownLatch occupyAll(WarmThreadsExecutor executor, int threads) {
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            executor.execute(() -> awaitQuietly(release));
        }
        awaitIdle(executor, 0);
        return release;
    }

    private static void awaitIdle(WarmThreadsExecutor executor, int threads) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (executor.idleThreads() != threads) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("idle threads: " + executor.idleThreads() + ", expected " + threads);
            }
            Thread.onSpinWait();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
