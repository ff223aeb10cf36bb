package org.aistudio.core.job;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Persistent jobs. Every state change is conditional on the current state: of two concurrent
 * callers exactly one wins, and the return value says whether this one did.
 * Implementations must pass {@code AbstractJobStoreContractTest}.
 */
public interface JobStore {

    /**
     * Creates the conversation if new, saves the user's message and the job ({@code pending}),
     * in one transaction.
     *
     * @throws org.aistudio.core.NotFoundException when the conversation belongs to another user
     */
    Job create(NewJob job);

    /**
     * Creates the job and moves it to {@code running} for {@code ownerInstance}: both steps of the
     * lifecycle, recorded as two, but stores may commit them together (the job is on the path to
     * the first token). The default runs {@link #create} then {@link #markRunning}.
     */
    default Job start(NewJob job, String ownerInstance) {
        Job created = create(job);
        if (!markRunning(created.id(), ownerInstance)) {
            throw new IllegalJobTransitionException(created.id(), created.status(), JobStatus.RUNNING);
        }
        return created;
    }

    /** {@code pending -> running}, recording the owning instance and a fresh heartbeat. */
    boolean markRunning(UUID jobId, String ownerInstance);

    /**
     * Writes partial content and progress of running jobs, all in one batch.
     *
     * @return the ids whose row was not updated because the job is no longer running
     */
    List<UUID> checkpoint(Collection<Checkpoint> checkpoints);

    /** Refreshes the heartbeat of running jobs; returns the ids that are no longer running. */
    List<UUID> heartbeat(Collection<UUID> jobIds);

    /**
     * Ends a job: the terminal transition and the assistant message, in one transaction.
     *
     * @return false when the job had already ended (nothing is written then)
     * @throws IllegalJobTransitionException never for a lost race; only for a non-terminal outcome
     */
    boolean finish(UUID jobId, JobOutcome outcome);

    Optional<Job> find(UUID jobId);

    /** A job of this user, or empty when it does not exist or is someone else's. */
    Optional<Job> findForUser(UUID jobId, long userId);

    /** The newest pending or running job of a conversation of this user. */
    Optional<Job> findActiveInConversation(String conversationId, long userId);

    /**
     * Fails running or pending jobs whose heartbeat is older than {@code staleAfter}, keeping
     * their partial content and saving it as the assistant message. Safe to run on every instance
     * at once: rows are claimed with {@code FOR UPDATE SKIP LOCKED}.
     *
     * @param alive jobs the caller runs itself: never failed, however old their heartbeat. An
     *              instance whose heartbeats fall behind under load must not end its own answers.
     * @return the ids it failed
     */
    List<UUID> failStale(Duration staleAfter, String errorMessage, int limit, Collection<UUID> alive);

    /**
     * Runs the retention clean-up if no other instance is running it (advisory lock).
     *
     * @return rows removed, or -1 when another instance holds the lock
     */
    int cleanup();

    /** Counts of jobs by status. */
    java.util.Map<JobStatus, Long> countByStatus();
}
