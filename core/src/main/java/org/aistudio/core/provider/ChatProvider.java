package org.aistudio.core.provider;

/**
 * A model provider that streams chat answers.
 *
 * <p>{@link #stream} returns at once; events reach the listener on the provider's threads, one at
 * a time, and end with exactly one terminal event ({@link ChatEvent.Finished},
 * {@link ChatEvent.Failed} or {@link ChatEvent.Cancelled}). Nothing follows the terminal event.
 * Implementations never throw from {@code stream}: failures travel as {@link ChatEvent.Failed}.
 * {@link EventSink} enforces these rules for adapters.
 */
public interface ChatProvider {

    /** The provider's name as used in configuration and metrics, e.g. {@code openai}. */
    String name();

    /**
     * Starts streaming an answer.
     *
     * @param request what to ask, with the provider's own model id
     * @param listener receives the events
     * @return a handle that cancels the stream and aborts the upstream request
     */
    StreamHandle stream(ChatRequest request, ChatListener listener);

    /**
     * Whether {@link #stream} returns without waiting for anything now: no key read from a secret
     * store, no connection opened on the calling thread, no lock held across I/O. Only then may it
     * be called from an event loop. A provider that cannot tell says {@code false}.
     */
    default boolean startsWithoutBlocking() {
        return false;
    }
}
