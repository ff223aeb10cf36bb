package org.aistudio.core.job;

import java.util.UUID;

/** What every subscriber of a job learns first: ids to show and to resume with. */
public record JobHeader(UUID jobId, String conversationId, String messageId, String modelKey, long createdEpochSeconds) {

    /** The header of a stored job: the same on every instance. */
    public static JobHeader of(Job job) {
        return new JobHeader(job.id(), job.conversationId(), JobEngine.messageId(job.id()), job.modelKey(),
                job.createdAt().getEpochSecond());
    }
}
