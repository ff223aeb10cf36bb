package org.aistudio.core.job;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a job starts from: the caller, the conversation, the model and the user's new message.
 * Stored in one transaction before any provider is called.
 *
 * @param modelKey the key of the model ({@code modelId}'s), which the created {@link Job} names
 * @param requestData the request as JSON text (sanitized: no keys, no tokens)
 * @param userMessageId the client's id of the new user message
 * @param userMessage the new user message's text (control characters already stripped)
 * @param userMessageParts the message's parts as JSON text
 * @param expiresAt when the job may be cleaned up regardless of state (null: retention rules only)
 */
public record NewJob(UUID id, long userId, String conversationId, String conversationTitle, int modelId,
                     String modelKey, String requestData, String userMessageId, String userMessage,
                     String userMessageParts, Instant expiresAt) {

    public NewJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(modelKey, "modelKey");
        Objects.requireNonNull(requestData, "requestData");
    }

    /**
     * The job these rows make, before any content: its state and times are what the database set
     * (or, before the write, what it will).
     */
    public Job created(JobStatus status, Instant createdAt, Instant startedAt, Instant heartbeatAt,
                       String ownerInstance, int version) {
        return new Job(id, conversationId, userId, modelId, modelKey, status, null, null, null, null, createdAt,
                startedAt, null, heartbeatAt, ownerInstance, version);
    }
}
