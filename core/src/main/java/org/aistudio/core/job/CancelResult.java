package org.aistudio.core.job;

/** What a cancel request found. */
public enum CancelResult {
    /** The job was running and is being stopped; it ends {@code cancelled}. */
    CANCELLING,
    /** The job had already ended: nothing changed. */
    ALREADY_ENDED,
    /** No such job for this user. */
    NOT_FOUND
}
