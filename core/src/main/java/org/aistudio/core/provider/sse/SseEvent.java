package org.aistudio.core.provider.sse;

import java.util.Objects;

/**
 * One dispatched server-sent event.
 *
 * @param event the {@code event:} field, {@code message} when the server sent none
 * @param data the {@code data:} lines joined with {@code \n}
 * @param id the last {@code id:} seen on the stream so far, or the empty string
 */
public record SseEvent(String event, String data, String id) {

    public SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(id, "id");
    }
}
