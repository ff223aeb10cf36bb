package org.aistudio.core.job;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The job lifecycle: {@code pending -> running -> completed | failed | cancelled}, and
 * {@code pending -> failed | cancelled}. Every other transition is illegal. The database function
 * {@code update_job_status} enforces the same table.
 */
public enum JobStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** The states a job may move to from this one. */
    public Set<JobStatus> next() {
        return switch (this) {
            case PENDING -> Set.of(RUNNING, FAILED, CANCELLED);
            case RUNNING -> Set.of(COMPLETED, FAILED, CANCELLED);
            case COMPLETED, FAILED, CANCELLED -> Set.of();
        };
    }

    public boolean canMoveTo(JobStatus to) {
        return next().contains(to);
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalJobTransitionException naming the job, the from-state and the to-state
     */
    public void checkMove(UUID jobId, JobStatus to) {
        if (!canMoveTo(to)) {
            throw new IllegalJobTransitionException(jobId, this, to);
        }
    }

    public boolean terminal() {
        return next().isEmpty();
    }

    /** The value of the {@code job_status} database enum and of the API's {@code status}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
