package org.aistudio.core.sanitize;

/** Recognises the markers this package writes, so a second pass neither rewrites nor cuts them. */
final class Markers {

    /** How each marker starts; {@code [REDACTED} covers the e-mail, phone, token and key variants. */
    private static final String[] STARTS = {"[REDACTED", "[TRUNCATED", "[CYCLE"};

    /** Longer than the longest marker with its closing bracket. */
    static final int LONGEST = 24;

    private Markers() {
    }

    /** True when {@code value} starts with a marker. */
    static boolean isMarker(CharSequence value) {
        return startsAt(value, 0);
    }

    /** True when a marker starts at {@code offset} of {@code text}. */
    static boolean startsAt(CharSequence text, int offset) {
        for (String start : STARTS) {
            if (regionEquals(text, offset, start)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(CharSequence text, int offset, String start) {
        if (text.length() - offset < start.length()) {
            return false;
        }
        for (int i = 0; i < start.length(); i++) {
            if (text.charAt(offset + i) != start.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
