package org.aistudio.core.provider;

/** Receives the events of one streamed answer, sequentially. */
@FunctionalInterface
public interface ChatListener {

    /** Called once per event; never concurrently for the same stream. Must not block. */
    void onEvent(ChatEvent event);
}
