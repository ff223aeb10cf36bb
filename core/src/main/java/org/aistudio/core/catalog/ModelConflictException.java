package org.aistudio.core.catalog;

import org.aistudio.core.AiStudioException;

/** A catalogue write that the current state of the catalogue forbids. */
public class ModelConflictException extends AiStudioException {

    /** Why the write conflicts. */
    public enum Reason {
        /** A model with the key exists already (active or not). */
        EXISTS,
        /** Active models list the model as a fallback, so it cannot be deactivated. */
        IN_USE
    }

    private final String modelKey;
    private final Reason reason;

    public ModelConflictException(String modelKey, Reason reason, String message) {
        super(message, false);
        this.modelKey = modelKey;
        this.reason = reason;
    }

    public String modelKey() {
        return modelKey;
    }

    public Reason reason() {
        return reason;
    }
}
