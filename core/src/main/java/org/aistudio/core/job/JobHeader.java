package org.aistudio.core.job;

import java.util.UUID;

/** What every subscriber of a job learns first: ids to show and to resume with. */
public record JobHeader(UUID jobId, String conversationId, String messageId, String modelKey, long createdEpochSeconds) {
}
