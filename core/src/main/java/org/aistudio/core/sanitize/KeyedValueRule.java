package org.aistudio.core.sanitize;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the value of a sensitive key written inside text: {@code password=hunter2},
 * {@code "apiKey":"abc"}, {@code x-api-key: abc}, {@code {'token': 'abc'}}, {@code \"secret\":\"abc\"}
 * (JSON inside a JSON string) and {@code Authorization: Bearer abc} (the scheme word stays).
 *
 * <p>Quoted values keep their quotes, so JSON stays JSON. An unquoted value ends at white space,
 * a quote, {@code ,}, {@code ;} or {@code &}, and loses unbalanced closing brackets at its end, so
 * {@code {password=hunter2}} keeps its brace. A cookie header is redacted to the end of its line,
 * since one header carries many cookies. A value that opens a nested object or array is left for
 * the keys inside it.
 *
 * <p>The rule looks only at {@code :} and {@code =}: it reads the key backwards from each one and
 * runs the pattern only when that key is sensitive, so ordinary lines never reach the regex engine.
 */
final class KeyedValueRule extends TextRule {

    private static final int KEY = 1;
    private static final int DOUBLE_QUOTED = 2;
    private static final int SINGLE_QUOTED = 3;
    private static final int ESCAPED_QUOTED = 4;
    private static final int BARE = 6;
    private static final int MAX_BLANKS = 8;
    private static final int MAX_KEY = 64;

    private static final Pattern PAIR = Pattern.compile(
        "(?<![\\w.-])\\\\?[\"']?([A-Za-z_][\\w.-]{0,63}+)\\\\?[\"']?[ \\t]{0,8}+[:=][ \\t]{0,8}+"
            + "(?:\"([^\"\\\\\\r\\n]*+(?:\\\\.[^\"\\\\\\r\\n]*+)*+)\""
            + "|'([^'\\\\\\r\\n]*+(?:\\\\.[^'\\\\\\r\\n]*+)*+)'"
            + "|\\\\\"([^\"\\\\]*+(?:(?:\\\\\\\\\\\\\"|\\\\[^\"])[^\"\\\\]*+)*+)\\\\\""
            + "|((?i:bearer|basic|digest|token|negotiate)[ ]++)?+"
            + "((?![:=]|[\\[{](?:[\\s\"'\\[{\\]}]|$))[^\\s\"',;&]++))");

    private final String marker;

    KeyedValueRule(String marker) {
        super(Candidates.PAIR | Candidates.KEY_WORD);
        this.marker = marker;
    }

    @Override
    String apply(String text) {
        Matcher matcher = null;
        StringBuilder out = null;
        int copied = 0;
        for (int separator = nextSeparator(text, 0); separator >= 0; separator = nextSeparator(text, separator + 1)) {
            int keyStart = keyStartBefore(text, separator);
            if (keyStart < 0 || keyStart < copied || !isSensitiveKeyAt(text, keyStart)) {
                continue;
            }
            if (matcher == null) {
                // Transparent bounds let the look-behind see the char before a region that starts at a key.
                matcher = PAIR.matcher(text).useTransparentBounds(true);
            }
            matcher.region(keyStart, text.length());
            if (!matcher.lookingAt()) {
                continue;
            }
            int group = valueGroup(matcher);
            int start = matcher.start(group);
            int end = group == BARE ? bareValueEnd(text, matcher.group(KEY), start, matcher.end(group))
                : matcher.end(group);
            separator = Math.max(end, matcher.end()) - 1;
            if (keeps(text.substring(start, end))) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + marker.length());
            }
            out.append(text, copied, start).append(marker);
            copied = end;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static int nextSeparator(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':' || c == '=') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Walks back from a separator over blanks, a closing quote (maybe JSON-escaped) and the key, as
     * {@link #PAIR} reads them forwards; -1 when no key of the allowed shape ends there.
     */
    private static int keyStartBefore(String text, int separator) {
        int i = separator - 1;
        for (int blanks = 0; i >= 0 && blanks < MAX_BLANKS && isBlank(text.charAt(i)); blanks++) {
            i--;
        }
        if (i >= 0 && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
            i--;
            if (i >= 0 && text.charAt(i) == '\\') {
                i--;
            }
        }
        int keyEnd = i + 1;
        while (i >= 0 && isKeyChar(text.charAt(i))) {
            i--;
        }
        int keyStart = i + 1;
        boolean shaped = keyStart < keyEnd && keyEnd - keyStart <= MAX_KEY && isKeyStart(text.charAt(keyStart));
        return shaped ? keyStart : -1;
    }

    private static boolean isSensitiveKeyAt(String text, int keyStart) {
        int keyEnd = keyStart;
        while (keyEnd < text.length() && isKeyChar(text.charAt(keyEnd))) {
            keyEnd++;
        }
        return SensitiveKeys.isSensitive(text.substring(keyStart, keyEnd));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isKeyStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isKeyChar(char c) {
        return isKeyStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    private static int valueGroup(Matcher matcher) {
        if (matcher.start(DOUBLE_QUOTED) >= 0) {
            return DOUBLE_QUOTED;
        }
        if (matcher.start(SINGLE_QUOTED) >= 0) {
            return SINGLE_QUOTED;
        }
        return matcher.start(ESCAPED_QUOTED) >= 0 ? ESCAPED_QUOTED : BARE;
    }

    /** Empty and null values say "not set", which helps debugging and reveals nothing. */
    private static boolean keeps(String value) {
        return value.isEmpty() || value.equals("null") || Markers.isMarker(value);
    }

    private static int bareValueEnd(String text, String key, int start, int end) {
        String lowerKey = key.toLowerCase(Locale.ROOT);
        if (lowerKey.endsWith("cookie") || lowerKey.endsWith("cookies")) {
            int lineEnd = start;
            while (lineEnd < text.length() && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') {
                lineEnd++;
            }
            return lineEnd;
        }
        int trimmed = end;
        while (trimmed > start + 1 && isUnbalancedCloser(text, start, trimmed)) {
            trimmed--;
        }
        return trimmed;
    }

    /** The last character of {@code text[start, end)} closes a bracket the value never opened. */
    private static boolean isUnbalancedCloser(String text, int start, int end) {
        char last = text.charAt(end - 1);
        char opener = switch (last) {
            case ')' -> '(';
            case ']' -> '[';
            case '}' -> '{';
            case '>' -> '<';
            default -> 0;
        };
        if (opener == 0) {
            return false;
        }
        int depth = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            depth += c == opener ? 1 : c == last ? -1 : 0;
        }
        return depth < 0;
    }
}
