package org.aistudio.core;

/**
 * Root of every exception thrown by the core library. Unchecked: callers decide where to handle.
 * {@link #retriable()} tells whether the same operation may succeed if tried again.
 */
public class AiStudioException extends RuntimeException {

    private final boolean retriable;

    public AiStudioException(String message, boolean retriable) {
        this(message, retriable, null);
    }

    public AiStudioException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** Whether trying the same operation again may succeed. */
    public boolean retriable() {
        return retriable;
    }
}
