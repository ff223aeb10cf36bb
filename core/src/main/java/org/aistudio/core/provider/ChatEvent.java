package org.aistudio.core.provider;

import java.util.Objects;

/**
 * What a provider emits while it streams: deltas and usage, then exactly one terminal event.
 */
public sealed interface ChatEvent {

    /** Whether this event ends the stream. */
    default boolean terminal() {
        return false;
    }

    /** A piece of the answer's text. */
    record TextDelta(String text) implements ChatEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A piece of the model's visible reasoning. */
    record ReasoningDelta(String text) implements ChatEvent {
        public ReasoningDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Token usage so far; a later report replaces an earlier one. */
    record UsageReport(Usage usage) implements ChatEvent {
        public UsageReport {
            Objects.requireNonNull(usage, "usage");
        }
    }

    /** The model finished. */
    record Finished(FinishReason reason) implements ChatEvent {
        public Finished {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    /** The stream failed; {@link ProviderException#retriable()} says whether trying again may help. */
    record Failed(ProviderException error) implements ChatEvent {
        public Failed {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    /** The caller cancelled the stream. */
    record Cancelled() implements ChatEvent {
        @Override
        public boolean terminal() {
            return true;
        }
    }
}
