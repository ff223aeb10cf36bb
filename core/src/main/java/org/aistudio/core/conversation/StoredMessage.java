package org.aistudio.core.conversation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A saved message.
 *
 * @param parts AI SDK UI message parts as JSON text
 * @param status for assistant messages: the job's terminal status
 */
public record StoredMessage(String id, String role, String content, String parts, Long inputTokens,
                            Long outputTokens, Long reasoningTokens, BigDecimal cost, String finishReason,
                            String status, UUID jobId, Instant createdAt) {
}
