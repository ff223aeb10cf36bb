package org.aistudio.core.sanitize;

/**
 * Cuts an over-long string so that the result, marker included, fits the limit. The cut never
 * splits a surrogate pair or a marker the sanitizer wrote, so the kept part reads cleanly and a
 * second pass leaves it alone.
 */
final class Truncation {

    private static final String PREFIX = "[TRUNCATED ";
    private static final String SUFFIX = " chars]";

    private Truncation() {
    }

    /** {@code text} when it fits, otherwise its start followed by {@code [TRUNCATED n chars]}. */
    static String cut(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        int keep = keepBefore(text, longestKeep(text.length(), maxLength));
        int dropped = text.length() - keep;
        return text.substring(0, keep) + PREFIX + dropped + SUFFIX;
    }

    /** The most chars that fit beside a marker whose count has as many digits as the count it states. */
    private static int longestKeep(int length, int maxLength) {
        for (int digits = 1; ; digits++) {
            int keep = Math.max(0, maxLength - PREFIX.length() - SUFFIX.length() - digits);
            if (String.valueOf(length - keep).length() <= digits) {
                return keep;
            }
        }
    }

    /**
     * Moves the cut back out of a surrogate pair or a marker. Moving back adds at most one digit to
     * the count, which the chars given up make room for.
     */
    private static int keepBefore(String text, int keep) {
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        for (int i = keep - 1; i >= Math.max(0, keep - Markers.LONGEST); i--) {
            if (text.charAt(i) == '[' && Markers.startsAt(text, i)) {
                int close = text.indexOf(']', i);
                return close >= keep || close < 0 ? i : keep;
            }
        }
        return keep;
    }
}
