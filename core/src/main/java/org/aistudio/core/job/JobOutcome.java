package org.aistudio.core.job;

import java.math.BigDecimal;
import java.util.Objects;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.Usage;

/**
 * How a job ended, written in one transaction with the assistant message.
 *
 * @param status a terminal status
 * @param content the answer's text, complete or partial
 * @param reasoning the reasoning text, or empty
 * @param usage token usage (zero when the provider reported none)
 * @param finishReason the model's finish reason, or null when it did not finish
 * @param errorMessage a sanitized error message for failed jobs, or null
 * @param cost the cost computed from the model's prices
 * @param progressInfo JSON text (tokens, time to first token)
 * @param assistantMessageId the id of the assistant message to write
 */
public record JobOutcome(JobStatus status, String content, String reasoning, Usage usage,
                         FinishReason finishReason, String errorMessage, BigDecimal cost,
                         String progressInfo, String assistantMessageId) {

    public JobOutcome {
        Objects.requireNonNull(status, "status");
        if (!status.terminal()) {
            throw new IllegalArgumentException("an outcome needs a terminal status, not " + status.wireName());
        }
        content = content == null ? "" : content;
        reasoning = reasoning == null ? "" : reasoning;
        usage = usage == null ? Usage.ZERO : usage;
        cost = cost == null ? BigDecimal.ZERO : cost;
    }
}
