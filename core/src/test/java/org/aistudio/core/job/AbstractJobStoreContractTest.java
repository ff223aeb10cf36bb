package org.aistudio.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aistudio.core.NotFoundException;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.Usage;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} promises. A store's test extends this class and supplies the store,
 * users and a model.
 */
public abstract class AbstractJobStoreContractTest {

    protected abstract JobStore store();

    /** A new user id. */
    protected abstract long newUser();

    /** The id of a model that exists. */
    protected abstract int modelId();

    /** The key of the model {@link #modelId()} names. */
    protected abstract String modelKey();

    protected NewJob newJob(long user, String conversation) {
        UUID id = UUID.randomUUID();
        return new NewJob(id, user, conversation, "title", modelId(), modelKey(), "{\"surface\":\"test\"}", "u-" + id,
                "hello", "[{\"type\":\"text\",\"text\":\"hello\"}]", null);
    }

    protected Job running(long user) {
        Job job = store().create(newJob(user, "conv-" + UUID.randomUUID()));
        assertThat(store().markRunning(job.id(), "instance-a")).isTrue();
        return job;
    }

    protected static JobOutcome outcome(JobStatus status, String content) {
        return new JobOutcome(status, content, "", new Usage(3, 4, 0), status == JobStatus.COMPLETED ? FinishReason.STOP : null,
                status == JobStatus.FAILED ? "provider_error: boom" : null, new BigDecimal("0.000123"), null, "msg-x-" + UUID.randomUUID());
    }

    @Test
    void create_writes_a_pending_job_in_the_conversation() {
        long user = newUser();
        Job job = store().create(newJob(user, "conv-create"));
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        assertThat(job.userId()).isEqualTo(user);
        assertThat(job.conversationId()).isEqualTo("conv-create");
        assertThat(store().findForUser(job.id(), user)).contains(job);
    }

    @Test
    void start_creates_the_job_already_running_for_its_instance() {
        long user = newUser();
        Job job = store().start(newJob(user, "conv-start-" + UUID.randomUUID()), "instance-s");
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.ownerInstance()).isEqualTo("instance-s");
        assertThat(job.startedAt()).isNotNull();
        assertThat(job.heartbeatAt()).isNotNull();
        assertThat(store().findForUser(job.id(), user)).contains(job);
        assertThat(store().markRunning(job.id(), "instance-t")).isFalse();
    }

    @Test
    void another_users_conversation_is_not_found_and_nothing_is_written() {
        long owner = newUser();
        long intruder = newUser();
        store().create(newJob(owner, "conv-owned"));
        NewJob attempt = newJob(intruder, "conv-owned");
        assertThatThrownBy(() -> store().create(attempt)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store().start(attempt, "instance-i")).isInstanceOf(NotFoundException.class);
        assertThat(store().find(attempt.id())).isEmpty();
    }

    @Test
    void another_users_job_is_not_found() {
        Job job = running(newUser());
        assertThat(store().findForUser(job.id(), newUser())).isEmpty();
    }

    @Test
    void mark_running_only_from_pending() {
        Job job = running(newUser());
        assertThat(store().markRunning(job.id(), "instance-b")).isFalse();
        assertThat(store().find(job.id()).orElseThrow().ownerInstance()).isEqualTo("instance-a");
    }

    @Test
    void checkpoint_writes_running_jobs_and_reports_ended_ones() {
        Job live = running(newUser());
        Job done = running(newUser());
        assertThat(store().finish(done.id(), outcome(JobStatus.COMPLETED, "x"))).isTrue();

        List<UUID> lost = store().checkpoint(List.of(new Checkpoint(live.id(), "partial", "{\"tokensSoFar\":1}"),
                new Checkpoint(done.id(), "overwrite?", "{}")));

        assertThat(lost).containsExactly(done.id());
        assertThat(store().find(live.id()).orElseThrow().partialContent()).isEqualTo("partial");
        assertThat(store().find(done.id()).orElseThrow().partialContent()).isEqualTo("x");
    }

    @Test
    void finish_ends_a_job_once_and_later_attempts_change_nothing() {
        Job job = running(newUser());
        assertThat(store().finish(job.id(), outcome(JobStatus.CANCELLED, "part"))).isTrue();
        assertThat(store().finish(job.id(), outcome(JobStatus.COMPLETED, "full answer"))).isFalse();
        Job stored = store().find(job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stored.partialContent()).isEqualTo("part");
        assertThat(stored.completedAt()).isNotNull();
    }

    @Test
    void a_pending_job_cannot_complete() {
        Job job = store().create(newJob(newUser(), "conv-" + UUID.randomUUID()));
        assertThat(store().finish(job.id(), outcome(JobStatus.COMPLETED, "x"))).isFalse();
        assertThat(store().finish(job.id(), outcome(JobStatus.FAILED, ""))).isTrue();
    }

    @Test
    void of_two_concurrent_endings_exactly_one_wins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Job job = running(newUser());
                CountDownLatch go = new CountDownLatch(1);
                Callable<Boolean> complete = () -> {
                    go.await();
                    return store().finish(job.id(), outcome(JobStatus.COMPLETED, "done"));
                };
                Callable<Boolean> cancel = () -> {
                    go.await();
                    return store().finish(job.id(), outcome(JobStatus.CANCELLED, "part"));
                };
                Future<Boolean> a = pool.submit(complete);
                Future<Boolean> b = pool.submit(cancel);
                go.countDown();
                assertThat(a.get() ^ b.get()).as("exactly one wins in round " + round).isTrue();
                JobStatus status = store().find(job.id()).orElseThrow().status();
                assertThat(status).isEqualTo(a.get() ? JobStatus.COMPLETED : JobStatus.CANCELLED);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stale_jobs_are_failed_with_their_partial_content() {
        Job job = running(newUser());
        store().checkpoint(List.of(new Checkpoint(job.id(), "half an ans", "{}")));
        makeStale(job.id(), Duration.ofMinutes(5));

        List<UUID> failed = store().failStale(Duration.ofSeconds(60), JobEngine.INSTANCE_LOST, 100, List.of());

        assertThat(failed).contains(job.id());
        Job stored = store().find(job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.FAILED);
        assertThat(stored.errorMessage()).isEqualTo(JobEngine.INSTANCE_LOST);
        assertThat(stored.partialContent()).isEqualTo("half an ans");
        assertThat(store().failStale(Duration.ofSeconds(60), JobEngine.INSTANCE_LOST, 100, List.of())).doesNotContain(job.id());
    }

    @Test
    void fresh_heartbeats_keep_a_job_alive() {
        Job job = running(newUser());
        assertThat(store().heartbeat(List.of(job.id()))).isEmpty();
        assertThat(store().failStale(Duration.ofSeconds(60), JobEngine.INSTANCE_LOST, 100, List.of())).doesNotContain(job.id());
    }

    @Test
    void the_sweeper_never_fails_the_jobs_its_caller_runs_however_old_their_heartbeat() {
        long user = newUser();
        Job own = running(user);
        Job lost = running(user);
        makeStale(own.id(), Duration.ofMinutes(5));
        makeStale(lost.id(), Duration.ofMinutes(5));

        List<UUID> failed = store().failStale(Duration.ofSeconds(60), JobEngine.INSTANCE_LOST, 100, List.of(own.id()));

        assertThat(failed).contains(lost.id()).doesNotContain(own.id());
        assertThat(store().find(own.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(store().find(lost.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    }

    /** Moves a job's heartbeat into the past (test hook of the store under test). */
    protected abstract void makeStale(UUID jobId, Duration age);
}
