package org.aistudio.core.provider;

/** The caller's hold on a running stream. */
@FunctionalInterface
public interface StreamHandle {

    /**
     * Cancels the stream: the upstream request is aborted and, unless the stream already ended,
     * the listener receives {@link ChatEvent.Cancelled}. Idempotent and safe from any thread.
     */
    void cancel();
}
