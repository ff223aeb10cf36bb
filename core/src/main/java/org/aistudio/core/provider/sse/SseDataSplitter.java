package org.aistudio.core.provider.sse;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits the bytes of a {@code text/event-stream} into the {@code data} of its events, still as
 * bytes, so that a JSON payload can be parsed straight from them: no string is built per line
 * and nothing is decoded twice. Event names and ids are not kept; no provider stream needs them.
 *
 * <p>Lines end with {@code \n}, {@code \r\n} or {@code \r}, also when a buffer boundary falls
 * between {@code \r} and {@code \n}. Lines starting with {@code :} (comments, keep-alives) and
 * fields other than {@code data} are skipped. The value of {@code data:} loses one leading space;
 * several {@code data} lines of one event are joined with {@code \n}; a blank line dispatches the
 * event, unless its data is empty. A leading byte-order mark is skipped. Lines are split on bytes
 * and CR and LF never occur inside a multi-byte UTF-8 sequence, so a character split across two
 * buffers reaches the handler whole.
 *
 * <p>An event of one {@code data} line that arrives whole in one buffer, as providers send
 * them, is handed to the handler straight from that buffer. Bytes are copied only for a line or
 * an event that spans buffers, and the copy is dropped once used: an idle stream holds no
 * buffer of its own.
 *
 * <p>Not thread-safe: feed it from one subscriber.
 */
public final class SseDataSplitter {

    /** Receives the data of each event; valid only during the call. */
    @FunctionalInterface
    public interface DataHandler {

        /**
         * @param data a buffer holding the event's data
         * @param offset where the event's data starts in {@code data}
         * @param length how many bytes of {@code data} belong to the event
         * @return whether to go on reading; false ignores everything fed afterwards
         */
        boolean onData(byte[] data, int offset, int length);
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static final byte[] NONE = {};

    private final DataHandler handler;
    private final int maxEventBytes;
    /** A line begun in an earlier buffer. */
    private byte[] line = NONE;
    private int lineLength;
    /** The event's data when it was copied: several lines, or a line whose buffer is gone. */
    private byte[] data = NONE;
    private int dataLength;
    /** The event's single data line, still in the buffer being fed; null when there is none. */
    private byte[] inPlaceBytes;
    private int inPlaceOffset;
    private int inPlaceLength;
    private boolean hasData;
    private boolean afterCarriageReturn;
    private boolean firstLine = true;
    private boolean stopped;

    /**
     * @param maxEventBytes the largest line or event accepted; a bigger one fails the stream
     */
    public SseDataSplitter(DataHandler handler, int maxEventBytes) {
        this.handler = Objects.requireNonNull(handler, "handler");
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive, was " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Consumes every remaining byte of {@code buffer}, dispatching each completed event.
     *
     * @throws SseFormatException when a line or an event grows beyond the size bound
     */
    public void feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            feed(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            buffer.position(buffer.limit());
            return;
        }
        byte[] copy = new byte[Math.min(buffer.remaining(), 16 * 1024)];
        while (buffer.hasRemaining() && !stopped) {
            int n = Math.min(copy.length, buffer.remaining());
            buffer.get(copy, 0, n);
            feed(copy, 0, n);
        }
    }

    /** As {@link #feed(ByteBuffer)}, for {@code length} bytes of {@code bytes} from {@code offset}. */
    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        if (afterCarriageReturn && i < end) {
            afterCarriageReturn = false;
            if (bytes[i] == '\n') {
                i++;
            }
        }
        int start = i;
        for (; i < end && !stopped; i++) {
            byte b = bytes[i];
            if (b != '\n' && b != '\r') {
                continue;
            }
            endLine(bytes, start, i - start);
            if (b == '\r') {
                if (i + 1 == end) {
                    afterCarriageReturn = true;
                } else if (bytes[i + 1] == '\n') {
                    i++;
                }
            }
            start = i + 1;
        }
        if (start < end && !stopped) {
            append(bytes, start, end - start);
        }
        if (inPlaceBytes != null) {
            // The caller may reuse its buffer: keep the pending data line.
            copyInPlace();
        }
    }

    /**
     * Marks the end of the stream. An event whose lines all ended, but that no blank line followed,
     * is dispatched; a line that never ended is dropped, because the server never finished it.
     *
     * @return true when the stream stopped in the middle of a line
     */
    public boolean end() {
        boolean truncated = lineLength > 0;
        lineLength = 0;
        afterCarriageReturn = false;
        if (!truncated && !stopped) {
            dispatch();
        }
        return truncated;
    }

    private void append(byte[] bytes, int offset, int length) {
        if (lineLength + length > maxEventBytes) {
            throw tooLarge();
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.min(maxEventBytes, Math.max(line.length * 2, lineLength + length)));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength += length;
    }

    private void endLine(byte[] bytes, int offset, int length) {
        if (lineLength == 0) {
            if (length > maxEventBytes) {
                throw tooLarge();
            }
            field(bytes, offset, length);
            return;
        }
        append(bytes, offset, length);
        byte[] whole = line;
        int wholeLength = lineLength;
        line = NONE;
        lineLength = 0;
        field(whole, 0, wholeLength);
    }

    private void field(byte[] bytes, int offset, int length) {
        if (firstLine) {
            firstLine = false;
            if (startsWith(bytes, offset, length, BYTE_ORDER_MARK)) {
                offset += BYTE_ORDER_MARK.length;
                length -= BYTE_ORDER_MARK.length;
            }
        }
        if (length == 0) {
            dispatch();
            return;
        }
        if (bytes[offset] == ':' || !startsWith(bytes, offset, length, DATA)) {
            return;
        }
        int value = offset + DATA.length;
        int end = offset + length;
        if (value < end) {
            if (bytes[value] != ':') {
                return;
            }
            value++;
            if (value < end && bytes[value] == ' ') {
                value++;
            }
        }
        appendData(bytes, value, end - value);
    }

    private void appendData(byte[] bytes, int offset, int length) {
        if (!hasData) {
            if (length > maxEventBytes) {
                throw tooLarge();
            }
            inPlaceBytes = bytes;
            inPlaceOffset = offset;
            inPlaceLength = length;
            hasData = true;
            return;
        }
        if (inPlaceBytes != null) {
            copyInPlace();
        }
        int needed = dataLength + 1 + length;
        if (needed > maxEventBytes) {
            throw tooLarge();
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.min(maxEventBytes, Math.max(data.length * 2, needed)));
        }
        data[dataLength++] = '\n';
        System.arraycopy(bytes, offset, data, dataLength, length);
        dataLength += length;
    }

    private void copyInPlace() {
        data = Arrays.copyOfRange(inPlaceBytes, inPlaceOffset, inPlaceOffset + inPlaceLength);
        dataLength = inPlaceLength;
        inPlaceBytes = null;
    }

    private void dispatch() {
        if (!hasData) {
            return;
        }
        boolean goOn;
        if (inPlaceBytes != null) {
            byte[] bytes = inPlaceBytes;
            inPlaceBytes = null;
            goOn = inPlaceLength == 0 || handler.onData(bytes, inPlaceOffset, inPlaceLength);
        } else {
            byte[] bytes = data;
            int length = dataLength;
            data = NONE;
            dataLength = 0;
            goOn = length == 0 || handler.onData(bytes, 0, length);
        }
        hasData = false;
        if (!goOn) {
            stopped = true;
        }
    }

    private static boolean startsWith(byte[] bytes, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private SseFormatException tooLarge() {
        return new SseFormatException("a server-sent event is larger than " + maxEventBytes + " bytes");
    }
}
