package org.aistudio.core.provider.sse;

/** The byte stream cannot be read as server-sent events (for example, an event is too large). */
public class SseFormatException extends RuntimeException {

    public SseFormatException(String message) {
        super(message);
    }
}
