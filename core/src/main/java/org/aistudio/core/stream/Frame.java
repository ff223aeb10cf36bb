package org.aistudio.core.stream;

/**
 * One piece of a response body, ready to write.
 *
 * @param sequence the SSE {@code id} it carries, or 0 when it carries none (comments, {@code [DONE]})
 * @param text the exact bytes to write, as text
 */
public record Frame(long sequence, String text) {

    public static Frame unnumbered(String text) {
        return new Frame(0, text);
    }
}
