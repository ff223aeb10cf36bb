package org.aistudio.core.job;

import java.util.UUID;
import org.aistudio.core.AiStudioException;

/** A job was asked to move between two states that the lifecycle does not connect. */
public final class IllegalJobTransitionException extends AiStudioException {

    private final UUID jobId;
    private final JobStatus from;
    private final JobStatus to;

    public IllegalJobTransitionException(UUID jobId, JobStatus from, JobStatus to) {
        super("job " + jobId + " cannot move from " + from.wireName() + " to " + to.wireName(), false);
        this.jobId = jobId;
        this.from = from;
        this.to = to;
    }

    public UUID jobId() {
        return jobId;
    }

    public JobStatus from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }
}
