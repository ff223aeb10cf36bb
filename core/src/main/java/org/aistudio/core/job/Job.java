package org.aistudio.core.job;

import java.time.Instant;
import java.util.UUID;

/**
 * A streaming job as stored: one accepted chat request and its outcome.
 *
 * @param progressInfo JSON text with tokens so far and time to first token, or null
 * @param responseData JSON text written when the job ended, or null
 */
public record Job(UUID id, String conversationId, long userId, int modelId, String modelKey,
                  JobStatus status, String partialContent, String progressInfo, String responseData,
                  String errorMessage, Instant createdAt, Instant startedAt, Instant completedAt,
                  Instant heartbeatAt, String ownerInstance, int version) {
}
