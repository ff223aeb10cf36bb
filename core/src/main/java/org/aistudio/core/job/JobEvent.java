package org.aistudio.core.job;

import java.math.BigDecimal;
import java.util.Objects;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.Usage;

/** What a job's event log holds: deltas, usage, and one final {@link Ended}. */
public sealed interface JobEvent {

    /** A piece of the answer. */
    record Text(String text) implements JobEvent {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A piece of visible reasoning. */
    record Reasoning(String text) implements JobEvent {
        public Reasoning {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The latest token usage. */
    record UsageUpdate(Usage usage) implements JobEvent {
    }

    /**
     * The job ended, and its outcome is persisted.
     *
     * @param finishReason the model's reason when it finished, else null
     * @param errorCode a stable code for failed jobs (e.g. {@code timeout}), else null
     * @param errorMessage a sanitized sentence for failed jobs, else null
     */
    record Ended(JobStatus status, FinishReason finishReason, Usage usage, BigDecimal cost, String errorCode,
                 String errorMessage) implements JobEvent {
        public Ended {
            Objects.requireNonNull(status, "status");
            usage = usage == null ? Usage.ZERO : usage;
            cost = cost == null ? BigDecimal.ZERO : cost;
        }
    }
}
