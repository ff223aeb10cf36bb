package org.aistudio.core.sanitize;

/**
 * Where a pattern could match, found with {@code indexOf} instead of trying the pattern at every
 * position of the line. A rule with an anchor only runs its pattern at the anchors.
 */
interface Anchor {

    /** The next index at or after {@code from} where the anchor sits, or -1 when there is none. */
    int next(String text, int from);

    /**
     * Where a match through the anchor at {@code at} most likely starts; the anchor itself by
     * default. When the match does not start there, the rule tries the anchor itself.
     */
    default int matchStart(String text, int at) {
        return at;
    }

    /** A literal the pattern starts with. */
    static Anchor literal(String literal) {
        return (text, from) -> text.indexOf(literal, from);
    }

    /** Two literals the pattern may start with, as AWS key ids start with {@code AKIA} or {@code ASIA}. */
    static Anchor eitherLiteral(String first, String second) {
        return (text, from) -> {
            for (int i = from; i <= text.length() - Math.min(first.length(), second.length()); i++) {
                if (text.startsWith(first, i) || text.startsWith(second, i)) {
                    return i;
                }
            }
            return -1;
        };
    }

    /** A literal the pattern starts with, in any case. */
    static Anchor literalIgnoringCase(String literal) {
        return (text, from) -> {
            for (int i = from; i <= text.length() - literal.length(); i++) {
                if (text.regionMatches(true, i, literal, 0, literal.length())) {
                    return i;
                }
            }
            return -1;
        };
    }

    /**
     * A literal inside the pattern, such as the {@code @} of an e-mail address, preceded by up to
     * {@code maxBefore} chars of {@code before}: the match starts where that run starts.
     */
    static Anchor inside(String literal, CharClass before, int maxBefore) {
        return new Anchor() {
            @Override
            public int next(String text, int from) {
                return text.indexOf(literal, from);
            }

            @Override
            public int matchStart(String text, int at) {
                int start = at;
                while (start > 0 && at - start < maxBefore && before.contains(text.charAt(start - 1))) {
                    start--;
                }
                return start;
            }
        };
    }

    /** A set of chars. */
    @FunctionalInterface
    interface CharClass {
        boolean contains(char c);
    }
}
