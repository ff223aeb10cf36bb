package org.aistudio.core.sanitize;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text rule made of a precompiled pattern, the group it replaces and an optional check that
 * turns away look-alikes the pattern alone cannot tell apart (a {@code sk-} word without digits).
 * With an {@link Anchor} the pattern only runs where the anchor is; without one it scans the line.
 */
final class PatternRule extends TextRule {

    private final Pattern pattern;
    private final Anchor anchor;
    private final int group;
    private final String marker;
    private final Predicate<String> accept;

    /**
     * @param required {@link Candidates} flags the text must have
     * @param pattern the precompiled pattern; written so it cannot backtrack catastrophically
     * @param anchor where a match can start, or {@code null} to let the pattern search the text
     * @param group the group replaced by {@code marker}; 0 for the whole match
     * @param accept decides on the text of {@code group} whether it really is a secret
     */
    PatternRule(int required, Pattern pattern, Anchor anchor, int group, String marker, Predicate<String> accept) {
        super(required);
        this.pattern = pattern;
        this.anchor = anchor;
        this.group = group;
        this.marker = marker;
        this.accept = accept;
    }

    PatternRule(int required, Pattern pattern, Anchor anchor, int group, String marker) {
        this(required, pattern, anchor, group, marker, hit -> true);
    }

    @Override
    String apply(String text) {
        // Transparent bounds let look-behinds see the text before a region that starts at an anchor.
        Matcher matcher = pattern.matcher(text).useTransparentBounds(true);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < text.length() && find(matcher, text, from)) {
            from = Math.max(matcher.end(), from + 1);
            String hit = matcher.group(group);
            if (hit == null || Markers.isMarker(hit) || !accept.test(hit)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + marker.length());
            }
            out.append(text, copied, matcher.start(group)).append(marker);
            copied = matcher.end(group);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Moves {@code matcher} to the next match at or after {@code from}. */
    private boolean find(Matcher matcher, String text, int from) {
        if (anchor == null) {
            return matcher.find(from);
        }
        for (int at = anchor.next(text, from); at >= 0; at = anchor.next(text, at + 1)) {
            int start = anchor.matchStart(text, at);
            if (matchesAt(matcher, text, start, from) || (start != at && matchesAt(matcher, text, at, from))) {
                return true;
            }
        }
        return false;
    }

    /** A match starting before {@code from} would overlap the previous one. */
    private static boolean matchesAt(Matcher matcher, String text, int start, int from) {
        return start >= from && matcher.region(start, text.length()).lookingAt();
    }
}
