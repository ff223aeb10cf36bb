package org.aistudio.core.provider.sse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns the bytes of a {@code text/event-stream} into {@link SseEvent}s, following the SSE
 * specification: lines end with {@code \r\n}, {@code \n} or {@code \r} (also when a buffer
 * boundary falls between {@code \r} and {@code \n}); lines starting with {@code :} are comments;
 * several {@code data:} lines make one event joined with {@code \n}; a blank line dispatches the
 * event; a leading byte-order mark is skipped; what is pending at the end of the stream is
 * dropped, because the server never finished it.
 *
 * <p>Lines are split on bytes, and CR and LF never occur inside a multi-byte UTF-8 sequence, so
 * a character split across two buffers is decoded correctly. Not thread-safe: feed it from one
 * subscriber.
 */
public final class SseDecoder {

    /** The largest event accepted, in bytes, unless the caller chooses another bound. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final Consumer<SseEvent> events;
    private final int maxEventBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean afterCarriageReturn;
    private boolean firstLine = true;
    private boolean hasData;
    private String eventType = "";
    private String lastId = "";

    public SseDecoder(Consumer<SseEvent> events) {
        this(events, DEFAULT_MAX_EVENT_BYTES);
    }

    public SseDecoder(Consumer<SseEvent> events, int maxEventBytes) {
        this.events = Objects.requireNonNull(events, "events");
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive, was " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Consumes every remaining byte of {@code buffer}, dispatching each completed event.
     *
     * @throws SseFormatException when one event grows beyond the size bound
     */
    public void feed(ByteBuffer buffer) {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r') {
                afterCarriageReturn = true;
                endLine();
            } else if (b == '\n') {
                endLine();
            } else {
                if (line.size() + data.length() >= maxEventBytes) {
                    throw tooLarge();
                }
                line.write(b);
            }
        }
    }

    /** Convenience for tests and small inputs. */
    public void feed(String text) {
        feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Marks the end of the stream.
     *
     * @return true when an unfinished line or event was pending and has been dropped
     */
    public boolean end() {
        boolean pending = line.size() > 0 || hasData;
        line.reset();
        resetEvent();
        return pending;
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
        } else if (text.charAt(0) != ':') {
            field(text);
        }
    }

    private void field(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (name) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
                if (data.length() > maxEventBytes) {
                    throw tooLarge();
                }
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastId = value;
                }
            }
            default -> {
                // "retry" and unknown fields are ignored, as the specification says.
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            SseEvent event = new SseEvent(eventType.isEmpty() ? "message" : eventType, data.toString(), lastId);
            resetEvent();
            events.accept(event);
        } else {
            resetEvent();
        }
    }

    private void resetEvent() {
        data.setLength(0);
        hasData = false;
        eventType = "";
    }

    private SseFormatException tooLarge() {
        return new SseFormatException("a server-sent event is larger than " + maxEventBytes + " bytes");
    }
}
